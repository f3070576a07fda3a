import { AbilityBuilder, createMongoAbility, subject, type MongoAbility } from '@casl/ability';
import type { TActor } from './actor';
import { ROLE_RULES, everyUserRules, systemRules } from './role-rules';
import { SCOPE_GRANTS, type TAction, type TSubjectName } from './vocabulary';

/** Subjects are checked as plain records tagged with their kind (see `subject()` below). */
export type TAppAbility = MongoAbility<[TAction, TSubjectName | Record<string, unknown>]>;

/** Abilities built, by actor key, least recently used first (see defineAbilityFor). */
const ABILITY_CACHE = 1000;
const abilities = new Map<string, TAppAbility>();

/**
 * The actor's ability. Users get the union of their roles' rules; a token gets its user's
 * rules restricted to the (action, subject) pairs its scopes open; anonymous gets nothing.
 * CASL denies whatever no rule allows, so a missing rule is a denial.
 */
export function defineAbilityFor(actor: TActor): TAppAbility {
  // An ability depends only on the actor's kind, user, roles, teams and scopes (read fresh for every
  // request), so one built for the same values is reused: a changed role or team is a new key.
  const key =
    actor.type === 'user' || actor.type === 'token'
      ? `${actor.type}\u0000${actor.userId}\u0000${actor.roles.join(',')}\u0000${actor.teamIds.join(',')}\u0000${actor.type === 'token' ? actor.scopes.join(',') : ''}`
      : actor.type;
  let ability = abilities.get(key);
  if (ability) {
    // Most recently used last, so the oldest entry is the one evicted.
    abilities.delete(key);
  } else {
    ability = buildAbility(actor);
    if (abilities.size >= ABILITY_CACHE) abilities.delete(abilities.keys().next().value!);
  }
  abilities.set(key, ability);
  return ability;
}

function buildAbility(actor: TActor): TAppAbility {
  const builder = new AbilityBuilder<TAppAbility>(createMongoAbility);
  if (actor.type === 'system') systemRules(builder.can);
  if (actor.type === 'user' || actor.type === 'token') {
    const ctx = { userId: actor.userId, teamIds: actor.teamIds };
    everyUserRules(builder.can, ctx);
    for (const role of actor.roles) ROLE_RULES[role](builder.can, ctx);
  }
  if (actor.type !== 'token') return builder.build();

  const allowed = new Set(actor.scopes.flatMap((scope) => SCOPE_GRANTS[scope].map(([a, s]) => `${a}:${s}`)));
  const narrowed = builder.rules.flatMap((rule) =>
    [rule.action].flat().flatMap((action) =>
      [rule.subject].flat().flatMap((kind) =>
        allowed.has(`${action}:${String(kind)}`) ? [{ ...rule, action, subject: kind }] : [],
      ),
    ),
  );
  return createMongoAbility(narrowed) as TAppAbility;
}

/** Tag a row with its subject kind so conditions are checked against the instance. */
export function asSubject(kind: TSubjectName, row: object): Record<string, unknown> {
  return subject(kind, { ...row } as Record<string, unknown>);
}
