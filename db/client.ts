import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

/** Both drivers expose the same query API; code is typed against the postgres-js flavour. */
export type TDb = PostgresJsDatabase<typeof schema>;
export type TTx = Parameters<Parameters<TDb['transaction']>[0]>[0];
/** Queries and the audit helper take either, so a change and its audit event commit together. */
export type TDbOrTx = TDb | TTx;

export interface TDatabase {
  db: TDb;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// Resolved from the working directory, not import.meta.url, because Next.js bundles this file.
const migrationsFolder = join(process.env.MODELGATE_ROOT ?? process.cwd(), 'db/migrations');

/**
 * Opens the database and applies the committed migrations. With a URL it is PostgreSQL
 * through `postgres`; otherwise PGlite in `dataDir` (or in memory when dataDir is 'memory://').
 */
export async function openDatabase(opts: { url?: string; dataDir?: string; maxConnections?: number }): Promise<TDatabase> {
  if (opts.url) {
    const client = postgres(opts.url, { max: opts.maxConnections ?? 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema, casing: 'snake_case' });
    await migratePostgres(db, { migrationsFolder });
    return { db, kind: 'postgres', close: () => client.end() };
  }
  const dir = opts.dataDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  // Extensions the migrations create must be loaded into PGlite (they ship with the package).
  const client = new PGlite(dir, { extensions: { pg_trgm } });
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as TDb;
  await migratePglite(db as never, { migrationsFolder });
  return { db, kind: 'pglite', close: () => client.close() };
}

/** Rows of a raw `db.execute(sql…)`: postgres-js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The driver under drizzle, for the few hot statements that bypass the query builder. */
export function driverOf(database: TDatabase): { kind: 'postgres'; client: postgres.Sql } | { kind: 'pglite'; client: PGlite } {
  const client = (database.db as unknown as { $client: unknown }).$client;
  return database.kind === 'postgres' ? { kind: 'postgres', client: client as postgres.Sql } : { kind: 'pglite', client: client as PGlite };
}
