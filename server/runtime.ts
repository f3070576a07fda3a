import { join } from 'node:path';
import { openDatabase, type TDatabase } from '@/db/client';
import { seedDemo } from '@/db/seed/demo';
import { env } from './env';

// One database per process, kept on globalThis so Next.js dev reloads do not open PGlite twice.
const holder = globalThis as { __modelgateDatabase?: Promise<TDatabase> };

/** The process's database: migrated, and seeded with demo data on first start when enabled. */
export function getDatabase(): Promise<TDatabase> {
  holder.__modelgateDatabase ??= (async () => {
    const settings = env();
    const database = await openDatabase({
      url: settings.DATABASE_URL,
      dataDir: join(settings.MODELGATE_DATA_DIR, 'pglite'),
      maxConnections: settings.MODELGATE_DB_POOL,
    });
    if (settings.MODELGATE_SEED_DEMO === '1') await seedDemo(database.db);
    if (settings.MODELGATE_SCAN_WORKERS === '1') void import('./jobs/scan-worker').then((jobs) => jobs.startScanWorkersFromEnv(database.db));
    return database;
  })();
  return holder.__modelgateDatabase;
}
