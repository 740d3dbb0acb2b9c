import type { Actor } from './context';
import { forbidden } from './errors';
import type { Permission } from '../shared/roles';

/** Throws 403 unless the actor's role grants `permission`. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.permissions.includes(permission)) throw forbidden();
}

/** True when a unit with materialized `path` lies in the actor's subtree. */
export function inScope(actor: Actor, path: string): boolean {
  return path.startsWith(actor.scopePath);
}
