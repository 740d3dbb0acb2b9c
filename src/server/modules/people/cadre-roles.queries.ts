/**
 * The registry's reads for the cadres module (干部之家): a person's masked profile and their cadre
 * roles (post, rank, unit), and the current cadres under a subtree. Only masked columns are read —
 * never the ciphertexts — so nothing here can leak an ID number or a phone.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
import { unitIdsUnder, unitNameOf, unitPathOf } from '../org';
import type { CadrePost, CadreProfile } from '../../../shared/cadres';

/** Registry roles that make a person a cadre for this module. */
export const CADRE_ROLES = ['cadre', 'non_party_cadre'] as const;

export interface ProfileRow extends CadreProfile {
  path: string;
  tenantId: string;
  /** Holds, or has held, a cadre role. */
  isCadre: boolean;
}

export async function profileOf(db: DbOrTx, personId: number): Promise<ProfileRow | null> {
  const [row] = await queryRows<ProfileRow>(
    db,
    sql`select p.id as "personId", p.tenant_id as "tenantId", p.name, p.gender, to_char(p.birth_date, 'YYYY-MM') as "birthMonth", p.id_masked as "idMasked",
          p.phone_masked as "phoneMasked", p.org_unit_id as "orgUnitId", ${unitNameOf('"p"."org_unit_id"')} as "orgUnitName", ${unitPathOf('"p"."org_unit_id"')} as path,
          p.archived_at is not null as archived,
          exists (select 1 from person_roles r where r.person_id = p.id and r.role in ('cadre', 'non_party_cadre')) as "isCadre"
        from persons p where p.id = ${personId}`,
  );
  return row ?? null;
}

/** Every cadre role of a person, current first, then by start date (newest first). */
export async function postsOf(db: DbOrTx, personId: number): Promise<CadrePost[]> {
  return queryRows<CadrePost>(
    db,
    sql`select r.id, r.org_unit_id as "orgUnitId", ${unitNameOf('"r"."org_unit_id"')} as "orgUnitName", r.post, r.rank,
          r.start_date::text as "startDate", r.end_date::text as "endDate", (r.end_date is null or r.end_date >= current_date) as current
        from person_roles r where r.person_id = ${personId} and r.role in ('cadre', 'non_party_cadre')
        order by (r.end_date is null or r.end_date >= current_date) desc, r.start_date desc, r.id desc`,
  );
}

export interface CadreRow {
  personId: number;
  name: string;
  gender: 'male' | 'female';
  birthMonth: string;
  phoneMasked: string | null;
  orgUnitId: number;
  orgUnitName: string;
  path: string;
  post: string | null;
  rank: string | null;
  postUnitId: number | null;
  postUnitName: string | null;
}

/** Where a current 'cadre' role holder's home unit lies in the subtree, with a name filter. */
function cadreWhere(tenantId: string, underPath: string, q?: string): SQL {
  const parts: SQL[] = [
    sql`p.tenant_id = ${tenantId}`,
    sql`p.archived_at is null`,
    sql`p.org_unit_id in ${unitIdsUnder(underPath)}`,
    sql`r.role = 'cadre' and (r.end_date is null or r.end_date >= current_date)`,
  ];
  if (q) {
    const text = q.trim();
    if (/^[a-z]+$/i.test(text)) parts.push(sql`p.name_pinyin like ${escapeLike(text.toLowerCase()) + '%'}`);
    else parts.push(sql`p.name like ${'%' + escapeLike(text) + '%'}`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * Current cadres (a current 'cadre' role) whose home unit is under `underPath`, one row per person
 * with their latest current post, in pinyin order.
 */
export async function cadresUnder(db: DbOrTx, tenantId: string, underPath: string, q: string | undefined, page: { limit: number; offset: number }) {
  const where = cadreWhere(tenantId, underPath, q);
  const rows = await queryRows<CadreRow>(
    db,
    sql`select * from (
          select distinct on (p.id) p.id as "personId", p.name, p.name_pinyin as "namePinyin", p.gender, to_char(p.birth_date, 'YYYY-MM') as "birthMonth", p.phone_masked as "phoneMasked",
            p.org_unit_id as "orgUnitId", ${unitNameOf('"p"."org_unit_id"')} as "orgUnitName", ${unitPathOf('"p"."org_unit_id"')} as path,
            r.post, r.rank, r.org_unit_id as "postUnitId", ${unitNameOf('"r"."org_unit_id"')} as "postUnitName"
          from persons p join person_roles r on r.person_id = p.id
          where ${where}
          order by p.id, r.start_date desc, r.id desc) x
        order by x."namePinyin", x."personId" limit ${page.limit} offset ${page.offset}`,
  );
  const [{ total }] = await queryRows<{ total: number }>(db, sql`select count(distinct p.id)::int as total from persons p join person_roles r on r.person_id = p.id where ${where}`);
  return { rows: rows.map(({ namePinyin: _n, ...r }: CadreRow & { namePinyin?: string }) => r as CadreRow), total };
}

/** Ids of the people whose home unit is in the subtree at `path`, for filtering records about people by scope. */
export const personIdsUnder = (path: string): SQL => sql`(select p.id from persons p where p.org_unit_id in ${unitIdsUnder(path)})`;
