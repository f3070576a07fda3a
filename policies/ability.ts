import { AbilityBuilder, createMongoAbility, subject, type MongoAbility } from '@casl/ability';
import type { TActor } from './actor';
import { ROLE_RULES, everyUserRules, systemRules } from './role-rules';
import { SCOPE_GRANTS, type TAction, type TSubjectName } from './vocabulary';

/** Subjects are checked as plain records tagged with their kind (see `subject()` below). */
export type TAppAbility = MongoAbility<[TAction, TSubjectName | Record<string, unknown>]>;

/**
 * The actor's ability. Users get the union of their roles' rules; a token gets its user's
 * rules restricted to the (action, subject) pairs its scopes open; anonymous gets nothing.
 * CASL denies whatever no rule allows, so a missing rule is a denial.
 */
export function defineAbilityFor(actor: TActor): TAppAbility {
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
