/**
 * Response shapes of the survey endpoints, taken from the server's services (type-only imports:
 * nothing from the server is bundled) so the pages cannot drift from the API.
 */
import type { z } from 'zod';
import type { PublicSurveys } from '../../../server/modules/surveys/answer.service';
import type { abuseReport, surveyResults } from '../../../server/modules/surveys/results.service';
import type { getSurvey, listSurveys } from '../../../server/modules/surveys/surveys.service';
import type { SurveyCreateSchema } from '../../../server/modules/surveys/surveys.schema';
import type { issueTokens, tokenBatches, tokenSheet } from '../../../server/modules/surveys/tokens.service';
import type { writeSignedOffFigures } from '../../../server/modules/indicators/external-figures.service';

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type SurveyItem = Result<typeof listSurveys>[number];
export type SurveyDetail = Result<typeof getSurvey>;
export type SurveyTarget = SurveyDetail['targets'][number];
export type SurveyInput = z.input<typeof SurveyCreateSchema>;
export type TokenBatch = Result<typeof tokenBatches>[number];
export type TokensIssued = Result<typeof issueTokens>;
export type TokenSheet = Result<typeof tokenSheet>;
export type SurveyResults = Result<typeof surveyResults>;
export type UnitResult = SurveyResults['units'][number];
export type AbuseReport = Result<typeof abuseReport>;
export type IndicatorWritten = Result<typeof writeSignedOffFigures>;
export type PublicSurvey = Result<PublicSurveys['view']>;
export type AnswerAccepted = Result<PublicSurveys['answer']>;
