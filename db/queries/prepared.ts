import type { TDbOrTx } from '../client';

/**
 * A query prepared once per database handle (and transaction), for hot paths: drizzle builds its
 * SQL once instead of on every call, and PostgreSQL parses and plans it once per connection
 * (a named statement) instead of on every execution. `build` receives the handle and returns
 * `query.prepare(name)` with `sql.placeholder()`s for the values.
 */
export function preparedQuery<TPrepared>(build: (db: TDbOrTx) => TPrepared): (db: TDbOrTx) => TPrepared {
  const byDb = new WeakMap<TDbOrTx, TPrepared>();
  return (db) => {
    let prepared = byDb.get(db);
    if (!prepared) byDb.set(db, (prepared = build(db)));
    return prepared;
  };
}
