// Talent apartments' and the recruitment pipeline's rows of the authorization matrix (see src/server/testing/matrix.ts).
import { moduleMatrix } from '../../testing/matrix';

export const housingMatrix = moduleMatrix({
  name: 'housing',
  fixtures: async () => ({}),
  cases: [],
});
