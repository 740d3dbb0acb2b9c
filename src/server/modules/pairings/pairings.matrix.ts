// The pairings module's rows of the authorization matrix (see src/server/testing/matrix.ts).
import { moduleMatrix } from '../../testing/matrix';

export const pairingsMatrix = moduleMatrix({
  name: 'pairings',
  fixtures: async () => ({}),
  cases: [],
});
