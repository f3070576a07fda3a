// `modelgate serve` as its own process: answers what the portal answers, loses no record of an
// answered prediction when killed mid-flight (SIGKILL), and stops gracefully on SIGTERM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { openDatabase, type TDatabase } from '@/db/client';
import { predictions } from '@/db/schema';
import { recordDeployment } from '@/server/services/deployments';
import { createTestDatabase } from './helpers/db';
import { createServingFixture, expectedRegression } from './helpers/serving';

const dataDir = mkdtempSync(join(tmpdir(), 'mg-serve-process-'));
process.env.MODELGATE_DATA_DIR = dataDir;
const onPostgres = Boolean(process.env.DATABASE_URL);
let postgresDatabase: (TDatabase & { url?: string }) | null = null;
let token = '';
const ROW = [0.5, 1, 2, 0.25];

/** The test's own connection: on PGlite only while no server process holds the folder. */
async function withDatabase<T>(use: (database: TDatabase) => Promise<T>): Promise<T> {
  if (postgresDatabase) return use(postgresDatabase);
  const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

async function startServe(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['cli/bin.mjs', 'serve', '--env', 'staging', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: postgresDatabase?.url ?? '', MODELGATE_DATA_DIR: dataDir, MODELGATE_SEED_DEMO: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`modelgate serve did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`modelgate serve exited (${code}):\n${output}`)));
  });
  return { child, url, output: () => output };
}

/** 32 clients, each sending one request after another until stopped; the request ids of every 200. */
function fireTraffic(url: string) {
  const answered: string[] = [];
  const failures: string[] = [];
  let running = true;
  const clients = Array.from({ length: 32 }, async () => {
    while (running) {
      try {
        const res = await fetch(`${url}/api/v1/serve/staging/models/served/predict`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ inputs: { features: [ROW, ROW] } }),
        });
        const body = (await res.json()) as { requestId?: string; outputs?: { prediction: number[][] } };
        if (res.status === 200) {
          assert.deepEqual(body.outputs!.prediction, expectedRegression(1, [ROW, ROW]).map((v) => [v]));
          answered.push(body.requestId!);
        } else failures.push(String(res.status));
      } catch (error) {
        failures.push((error as Error).message);
        return;
      }
    }
  });
  return {
    answered,
    failures,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}

async function storedOf(requestIds: string[]): Promise<Set<string>> {
  return withDatabase(async ({ db }) => {
    const found = new Set<string>();
    for (let i = 0; i < requestIds.length; i += 1000) {
      const rows = await db.select({ id: predictions.requestId }).from(predictions).where(inArray(predictions.requestId, requestIds.slice(i, i + 1000)));
      for (const r of rows) found.add(r.id);
    }
    return found;
  });
}

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  if (onPostgres) postgresDatabase = await createTestDatabase();
  await withDatabase(async ({ db }) => {
    const fx = await createServingFixture(db);
    await fx.registerModel('served', 1, 'regression');
    await fx.approve('served', 1);
    await recordDeployment(fx.engineer, { name: 'served', version: 1, environment: 'staging' });
    token = await fx.tokenFor(fx.engineer, ['serving:predict']);
  });
});
after(async () => {
  await postgresDatabase?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('SIGKILL mid-flight: every prediction a client received has its stored row', async () => {
  const { child, url } = await startServe();
  const health = (await (await fetch(`${url}/health`)).json()) as { models: { model: string; loaded: boolean }[] };
  assert.deepEqual(health.models.map((m) => [m.model, m.loaded]), [['served', true]]);
  const traffic = fireTraffic(url);
  while (traffic.answered.length < 200) await waitMs(5);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  await traffic.stop();
  assert.ok(traffic.failures.length > 0, 'some requests were cut off by the kill');
  const stored = await storedOf(traffic.answered);
  const missing = traffic.answered.filter((id) => !stored.has(id));
  assert.deepEqual(missing, [], `${missing.length} of ${traffic.answered.length} answered predictions have no row`);
});

test('it refuses what the portal refuses; SIGTERM lets in-flight requests finish with their rows, then exits 0', async () => {
  const { child, url } = await startServe();
  const post = (path: string, headers: Record<string, string>, body = JSON.stringify({ inputs: { features: [ROW] } })) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
  const auth = { authorization: `Bearer ${token}` };
  assert.equal((await post('/api/v1/serve/staging/models/served/predict', {})).status, 401);
  assert.equal((await post('/api/v1/serve/production/models/served/predict', auth)).status, 404);
  assert.equal(await codeOf(await post('/api/v1/serve/staging/models/nothing/predict', auth)), 'not_deployed');
  assert.equal(await codeOf(await post('/api/v1/serve/staging/models/served/predict', auth, '{"inputs":{"features":[[1,2,3]]}}')), 'wrong_shape');
  assert.equal(await codeOf(await post('/api/v1/serve/staging/models/served/predict', auth, '{"inputs":')), 'invalid_json');
  assert.equal((await post('/api/v1/serve/staging/models/served/versions/1/predict', auth)).status, 200);

  const traffic = fireTraffic(url);
  while (traffic.answered.length < 100) await waitMs(5);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const code = await exited;
  await traffic.stop();
  assert.equal(code, 0);
  const stored = await storedOf(traffic.answered);
  assert.equal(traffic.answered.filter((id) => !stored.has(id)).length, 0);
  // While stopping, a request got a prediction, a clean 503, or a closed connection: never a half answer.
  assert.ok(traffic.failures.every((f) => f === '503' || /fetch failed|other side closed|ECONNRESET|ECONNREFUSED/i.test(f)), traffic.failures.slice(0, 5).join('; '));
});
