/**
 * Response shapes of the task endpoints, taken from the server's services (type-only imports:
 * nothing from the server is bundled) so the pages cannot drift from the API.
 */
import type { listIndicators } from '../../../server/modules/indicators/definitions.service';
import type { getForm, uploadForm, valueHistory } from '../../../server/modules/indicators/form.service';
import type { createTask, getTask, listTasks, myTasks, taskProgress, taskReminders } from '../../../server/modules/indicators/tasks.service';

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type MyTasks = Result<typeof myTasks>;
export type MyFillItem = MyTasks['fill'][number];
export type MyReviewItem = MyTasks['review'][number];
export type TaskListItem = Result<typeof listTasks>[number];
export type TaskDetail = Result<typeof getTask>;
export type TaskCreated = Result<typeof createTask>;
export type TaskProgress = Result<typeof taskProgress>;
export type ProgressUnit = TaskProgress['units'][number];
export type TaskReminders = Result<typeof taskReminders>;
export type TaskForm = Result<typeof getForm>;
export type FormField = TaskForm['fields'][number];
export type UploadResult = Result<typeof uploadForm>;
export type ValueHistoryEntry = Result<typeof valueHistory>[number];
export type IndicatorItem = Result<typeof listIndicators>[number];

export type SubmissionStatus = TaskForm['submission']['status'];
export type PeriodType = IndicatorItem['periodType'];

/** What the page brings to the progress board after issuing a task, to say what happened. */
export interface CreatedNotice {
  units: number;
  indicators: number;
  overlaps: number;
}
