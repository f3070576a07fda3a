// Approval-status API benchmark (registered in bench/run.ts; `npm run bench -- approvals`): 64
// concurrent keep-alive clients asking GET /models/{name}/versions/{version}/approvals/{env}
// through the REST dispatcher (token authentication, scopes, the same services as the
// portal), against a minimal node:http server doing only the request's primary-key lookup with
// the same driver. Both servers and the load run in this process, measured the same way.
import { createServer } from 'node:http';
import postgres from 'postgres';
import { requestPromotion, reviewPromotion } from '@/server/services/promotions';
import { createToken } from '@/server/services/tokens';
import { createTestDatabase } from '@/tests/helpers/db';
import { createPerson, createTeam, createTrainedVersion } from '@/tests/helpers/governance';
import { startRestServer } from '@/tests/helpers/rest-server';
import { BENCH_DATABASE_URL, type TBenchRow } from './config';

const CONNECTIONS = 64;
const SECONDS = 10;

/** Runs CONNECTIONS loops of sequential requests for SECONDS; requests per second and p99 latency. */
async function load(url: string, headers: Record<string, string>): Promise<{ rps: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (!res.ok) errors++;
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / SECONDS, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0, errors };
}

export async function run(): Promise<TBenchRow[]> {
  process.env.DATABASE_URL = BENCH_DATABASE_URL;
  const database = await createTestDatabase({ maxConnections: 8 });
  // The dispatcher opens the process database from DATABASE_URL: the same fresh database, no scan workers.
  process.env.DATABASE_URL = database.url;
  process.env.MODELGATE_SCAN_WORKERS = '0';
  const { db } = database;
  const team = await createTeam(db);
  const scientist = await createPerson(db, team, ['data_scientist'], 'scientist');
  const engineer = await createPerson(db, team, ['ml_engineer'], 'engineer');
  const { model } = await createTrainedVersion(db, { teamId: team, creatorId: scientist.userId, ownerId: scientist.userId });
  const request = await requestPromotion(scientist, { name: model.name, version: 1, environment: 'staging', justification: '' });
  await reviewPromotion(engineer, { id: request.id, decision: 'approve', comment: '' });
  const { secret } = await createToken(scientist, { name: 'bench', scopes: ['approvals:read'], expiresInDays: 1 });

  const rest = await startRestServer();
  const client = postgres(database.url!, { max: 8, onnotice: () => {} });
  const baseline = createServer(async (_req, res) => {
    const [row] = await client`select id, state, approval_expires_at, attestation from promotion_requests where id = ${request.id}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(row));
  });
  await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  try {
    const api = await load(`${rest.url}/api/v1/models/${model.name}/versions/1/approvals/staging`, { authorization: `Bearer ${secret}` });
    const base = await load(`http://127.0.0.1:${(baseline.address() as { port: number }).port}/`, {});
    return [
      { metric: `approval status via REST, ${CONNECTIONS} connections`, value: api.rps, unit: 'req/s', note: `p99 ${api.p99.toFixed(1)} ms, ${api.errors} errors; target ≥ 2,000 req/s, p99 < 20 ms` },
      { metric: 'minimal node:http primary-key lookup', value: base.rps, unit: 'req/s', note: `p99 ${base.p99.toFixed(1)} ms` },
      { metric: 'ratio API / minimal', value: api.rps / base.rps, unit: '×', note: 'target ≥ 0.50' },
    ];
  } finally {
    await rest.close();
    baseline.close();
    await client.end();
    await database.close();
  }
}
