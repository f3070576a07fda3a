import { rulesToCondition } from '@casl/ability/extra';
import { and, eq, inArray, not, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { TAppAbility } from '@/policies/ability';
import type { TAction, TSubjectName } from '@/policies/vocabulary';

type TColumns = Record<string, PgColumn>;

/** One CASL condition object → SQL. Throws on a field or operator it cannot map, never drops one. */
function conditionToSql(condition: Record<string, unknown>, columns: TColumns, kind: string): SQL {
  const parts = Object.entries(condition).map(([field, expected]) => {
    const column = columns[field];
    if (!column) throw new Error(`ability-where: ${kind}.${field} has no column mapping`);
    if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
      const ops = Object.entries(expected as Record<string, unknown>);
      return and(
        ...ops.map(([op, value]) => {
          if (op === '$in' && Array.isArray(value)) return value.length ? inArray(column, value) : sql`false`;
          if (op === '$eq') return eq(column, value);
          throw new Error(`ability-where: operator ${op} on ${kind}.${field} is not supported`);
        }),
      )!;
    }
    return eq(column, expected);
  });
  return parts.length ? and(...parts)! : sql`true`;
}

/**
 * The rows of `kind` the ability allows `action` on, as a Drizzle `where`: list queries
 * obey the same rules as single-row checks. No rule → `false` (nothing listed).
 */
export function abilityWhere(ability: TAppAbility, action: TAction, kind: TSubjectName, columns: TColumns): SQL {
  const where = rulesToCondition(
    ability.rulesFor(action, kind),
    (rule) => {
      const condition = conditionToSql(rule.conditions as Record<string, unknown>, columns, kind);
      return rule.inverted ? not(condition) : condition;
    },
    { and: (parts) => and(...parts)!, or: (parts) => or(...parts)!, empty: () => sql`true` },
  );
  return where ?? sql`false`;
}
