// The pairings module's rows of the authorization matrix (see src/server/testing/matrix.ts).
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { moduleMatrix } from '../../testing/matrix';

/** A 联建 pairing owned by the town, between its village and its enterprise (version 1). */
interface PairingsFx {
  pairing: number;
}

const definition = (town: number, village: number, enterprise: number) => ({
  kind: 'joint_building',
  title: '矩阵联建',
  purpose: '矩阵测试',
  ownerUnitId: town,
  startDate: '2024-01-01',
  parties: [
    { orgUnitId: village, roleLabel: '联建单位' },
    { orgUnitId: enterprise, roleLabel: '联建单位' },
  ],
});

export const pairingsMatrix = moduleMatrix<PairingsFx>({
  name: 'pairings',
  fixtures: async (t, p) => {
    const [row] = await queryRows<{ id: number }>(
      t.ctx.db,
      sql`insert into pairings (tenant_id, kind, title, purpose, owner_unit_id, start_date, created_by) values ('330784', 'joint_building', ${`矩阵联建-${p.tag}`}, '矩阵', ${p.town}, '2024-01-01', '矩阵') returning id`,
    );
    await t.ctx.db.execute(sql`insert into pairing_parties (pairing_id, org_unit_id, role_label) values (${row.id}, ${p.village}, '联建单位'), (${row.id}, ${p.enterprise}, '联建单位')`);
    return { pairing: row.id };
  },
  cases: [
    { method: 'GET', route: '/api/pairings', need: 'read:ledger', scoped: false, url: () => '/api/pairings' },
    { method: 'POST', route: '/api/pairings/export', need: 'read:ledger', scoped: false, url: () => '/api/pairings/export' },
    { method: 'POST', route: '/api/pairings', need: 'write:ledger', scoped: true, url: () => '/api/pairings', body: (_x, p) => definition(p.town, p.village, p.enterprise) },
    { method: 'GET', route: '/api/pairings/silent', need: 'read:ledger', scoped: false, url: () => '/api/pairings/silent' },
    { method: 'POST', route: '/api/pairings/silent/export', need: 'read:ledger', scoped: false, url: () => '/api/pairings/silent/export?days=90' },
    { method: 'GET', route: '/api/pairings/:id', need: 'read:ledger', scoped: true, url: (x) => `/api/pairings/${x.pairing}` },
    { method: 'PUT', route: '/api/pairings/:id', need: 'write:ledger', scoped: true, url: (x) => `/api/pairings/${x.pairing}`, body: (_x, p) => ({ ...definition(p.town, p.village, p.enterprise), title: '矩阵改名', version: 1 }) },
    { method: 'POST', route: '/api/pairings/:id/end', need: 'write:ledger', scoped: true, url: (x) => `/api/pairings/${x.pairing}/end`, body: () => ({ version: 1, endedOn: '2025-01-01', reason: '矩阵结束' }) },
    { method: 'POST', route: '/api/pairings/:id/contacts', need: 'write:ledger', scoped: true, url: (x) => `/api/pairings/${x.pairing}/contacts`, body: () => ({ occurredOn: '2025-01-01', kind: 'visit', summary: '矩阵走访' }) },
  ],
});
