// Approval-status API benchmark (registered in bench/run.ts; `npm run bench -- approvals`): 64
// concurrent keep-alive clients asking GET /models/{name}/versions/{version}/approvals/{env}
// through the REST dispatcher (token authentication, scopes, the same services as the
// portal), against a minimal node:http server doing only the request's primary-key lookup with
// the same driver and the same pool size. The load generator runs in its own process
// (bench/approvals-load.ts), so it does not share the servers' event loop; the servers run here.
// Rounds alternate API and baseline (BENCH_APPROVALS_ROUNDS, default 3) and the median of each is
// reported, since the machine's two cores may be shared.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { getDatabase } from '@/server/runtime';
import { requestPromotion, reviewPromotion } from '@/server/services/promotions';
import { createToken } from '@/server/services/tokens';
import { createTestDatabase } from '@/tests/helpers/db';
import { createPerson, createTeam, createTrainedVersion } from '@/tests/helpers/governance';
import { startRestServer } from '@/tests/helpers/rest-server';
import { BENCH_DATABASE_URL, type TBenchRow } from './config';

const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_APPROVALS_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_APPROVALS_ROUNDS ?? 3);
/** Database connections of each server (the API's process pool and the baseline's). */
const POOL = 10;
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface TLoad {
  rps: number;
  /** CPU time of this process (where the server runs) per request, in µs. */
  cpuUs: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>): Promise<TLoad> {
  const spec = JSON.stringify({ url, headers, connections: CONNECTIONS, seconds: SECONDS });
  const before = process.cpuUsage();
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'bench/approvals-load.ts'), spec], { cwd: root });
  const cpu = process.cpuUsage(before);
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as Omit<TLoad, 'cpuUs'> & { requests: number; warmupRequests: number };
  return { ...result, cpuUs: (cpu.user + cpu.system) / (result.requests + result.warmupRequests) };
}

const median = (runs: TLoad[]): TLoad => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;

export async function run(): Promise<TBenchRow[]> {
  process.env.DATABASE_URL = BENCH_DATABASE_URL;
  const database = await createTestDatabase({ maxConnections: 4 });
  // The dispatcher opens the process database from DATABASE_URL: the same fresh database, no scan workers.
  process.env.DATABASE_URL = database.url;
  process.env.MODELGATE_SCAN_WORKERS = '0';
  process.env.MODELGATE_SEED_DEMO = '0';
  process.env.MODELGATE_DB_POOL ??= String(POOL);
  const { db } = database;
  const team = await createTeam(db);
  const scientist = await createPerson(db, team, ['data_scientist'], 'scientist');
  const engineer = await createPerson(db, team, ['ml_engineer'], 'engineer');
  const { model } = await createTrainedVersion(db, { teamId: team, creatorId: scientist.userId, ownerId: scientist.userId });
  const request = await requestPromotion(scientist, { name: model.name, version: 1, environment: 'staging', justification: '' });
  await reviewPromotion(engineer, { id: request.id, decision: 'approve', comment: '' });
  const { secret } = await createToken(scientist, { name: 'bench', scopes: ['approvals:read'], expiresInDays: 1 });

  const rest = await startRestServer();
  const client = postgres(database.url!, { max: Number(process.env.MODELGATE_DB_POOL), onnotice: () => {} });
  const baseline = createServer(async (_req, res) => {
    const [row] = await client`select id, state, approval_expires_at, attestation from promotion_requests where id = ${request.id}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(row));
  });
  await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  const apiUrl = `${rest.url}/api/v1/models/${model.name}/versions/1/approvals/staging`;
  const baseUrl = `http://127.0.0.1:${(baseline.address() as { port: number }).port}/`;
  try {
    const apiRuns: TLoad[] = [];
    const baseRuns: TLoad[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      apiRuns.push(await load(apiUrl, { authorization: `Bearer ${secret}` }));
      baseRuns.push(await load(baseUrl, {}));
    }
    const api = median(apiRuns);
    const base = median(baseRuns);
    const all = (runs: TLoad[]) => runs.map((r) => Math.round(r.rps)).join(' / ');
    const cpu = (runs: TLoad[]) => Math.round([...runs].sort((a, b) => a.cpuUs - b.cpuUs)[Math.floor(runs.length / 2)]!.cpuUs);
    return [
      { metric: `approval status via REST, ${CONNECTIONS} connections`, value: api.rps, unit: 'req/s', note: `p50 ${api.p50.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms, ${api.errors} errors (rounds ${all(apiRuns)}); target ≥ 2,000 req/s, p99 < 20 ms` },
      { metric: 'server CPU per request, API', value: cpu(apiRuns), unit: 'µs', note: `baseline ${cpu(baseRuns)} µs (median of rounds; steadier than req/s on a shared machine)` },
      { metric: 'minimal node:http primary-key lookup', value: base.rps, unit: 'req/s', note: `p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms (rounds ${all(baseRuns)})` },
      { metric: 'ratio API / minimal', value: api.rps / base.rps, unit: '×', note: `target ≥ 0.50; load from a separate process, ${SECONDS} s × ${ROUNDS} rounds, median; pool ${process.env.MODELGATE_DB_POOL} connections each` },
    ];
  } finally {
    await rest.close();
    baseline.close();
    await client.end();
    // The REST server's process database (it listens for token changes, which keeps a process alive).
    await (await getDatabase()).close();
    await database.close();
  }
}
