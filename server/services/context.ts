import type { TDb } from '@/db/client';
import { asSubject, defineAbilityFor, type TAppAbility } from '@/policies/ability';
import type { TActor } from '@/policies/actor';
import type { TAction, TSubjectName } from '@/policies/vocabulary';
import { recordAudit } from '../audit/transact';
import { AppError } from '../errors';

/** What every service call receives: the database, who acts, and what they may do. */
export interface TServiceContext {
  db: TDb;
  actor: TActor;
  ability: TAppAbility;
}

export function serviceContext(db: TDb, actor: TActor): TServiceContext {
  return { db, actor, ability: defineAbilityFor(actor) };
}

/**
 * The one gate every service passes: checks the action on the subject kind, or on the
 * actual row when given (team, owner, requester conditions). A denial is audited and thrown
 * as 401 (anonymous), 404 (a row the actor may not even read) or 403.
 */
export async function authorize(
  ctx: TServiceContext,
  action: TAction,
  kind: TSubjectName,
  row?: { id?: unknown; [field: string]: unknown },
): Promise<void> {
  const can = (ability: TAppAbility, a: TAction) => (row ? ability.can(a, asSubject(kind, row)) : ability.can(a, kind));
  if (can(ctx.ability, action)) return;
  if (ctx.actor.type === 'anonymous') throw new AppError('unauthenticated', 'Sign in or send an API token.');
  const hidden = row !== undefined && !can(ctx.ability, 'read');
  // A token is denied for its scopes when its user, unnarrowed, would have been allowed.
  const insufficientScope = ctx.actor.type === 'token' && !hidden && can(defineAbilityFor({ ...ctx.actor, type: 'user' }), action);
  await recordAudit(ctx.db, ctx.actor, {
    action: 'access.denied',
    subject: { type: kind, id: row?.id == null ? null : String(row.id) },
    data: { action, reason: insufficientScope ? 'insufficient_scope' : hidden ? 'not_visible' : 'no_rule' },
    outcome: 'denied',
  });
  if (hidden) throw new AppError('not_found', `${kind} not found.`);
  if (insufficientScope) throw new AppError('insufficient_scope', `This token may not ${action} ${kind}.`);
  throw new AppError('forbidden', `You may not ${action} ${kind}.`);
}
