// A process that only runs background jobs (dataset scans): `npm run worker` or `modelgate worker`.
// Scale out by starting more of them against one PostgreSQL (DATABASE_URL).
import { getDatabase } from '@/server/runtime';

process.env.MODELGATE_SCAN_WORKERS = '1';
const database = await getDatabase();
console.log(`[worker] running on ${database.kind}; stop with Ctrl-C`);
const stop = async () => {
  await database.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
