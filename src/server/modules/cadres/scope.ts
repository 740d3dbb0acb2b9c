import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { notFound } from '../../errors';
import { profileOf, type ProfileRow } from '../people';

/**
 * A cadre the organization department may work on: a person with a cadre role whose home unit is
 * in the account's subtree. Anything else is "not found", so records outside reveal nothing.
 */
export async function cadreInScope(db: DbOrTx, actor: Actor, personId: number): Promise<ProfileRow> {
  requirePermission(actor, 'manage:cadres');
  const p = await profileOf(db, personId);
  if (!p || p.tenantId !== actor.tenantId || !inScope(actor, p.path) || !p.isCadre) throw notFound('cadres.not_found', '干部不存在或不在您的管辖范围内');
  return p;
}

/** The person of a personal account (个人): every self-service request acts on it and nothing else. */
export async function ownPerson(db: DbOrTx, actor: Actor): Promise<ProfileRow> {
  requirePermission(actor, 'self:service');
  const p = actor.personId ? await profileOf(db, actor.personId) : null;
  if (!p || p.tenantId !== actor.tenantId) throw notFound('cadres.no_person', '该账号没有关联人员库中的人员');
  return p;
}

/** Today in China Standard Time, YYYY-MM-DD. */
export const todayCst = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
