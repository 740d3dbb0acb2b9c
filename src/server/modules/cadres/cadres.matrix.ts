// The cadres module's rows of the authorization matrix (see src/server/testing/matrix.ts).
import { moduleMatrix } from '../../testing/matrix';

export const cadresMatrix = moduleMatrix({
  name: 'cadres',
  fixtures: async () => ({}),
  cases: [],
});
