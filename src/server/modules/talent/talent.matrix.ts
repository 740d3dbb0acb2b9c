// The talent module's rows of the authorization matrix (see src/server/testing/matrix.ts).
import { moduleMatrix } from '../../testing/matrix';

export const talentMatrix = moduleMatrix({
  name: 'talent',
  fixtures: async () => ({}),
  cases: [],
});
