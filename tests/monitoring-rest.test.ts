import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { TScope } from '@/policies/vocabulary';
import { loadUserActor } from '@/server/auth/load-actor';
import { resetMetrics } from '@/server/monitoring/metrics';
import { dispatchRest } from '@/server/rest/dispatch';
import { getPredictionRecorder } from '@/server/serving/prediction-recorder';
import { closeServingRuntimes } from '@/server/serving/runtimes';
import { serviceContext } from '@/server/services/context';
import { createToken } from '@/server/services/tokens';
import { openAppDatabase } from './helpers/app-database';
import { callRest } from './helpers/serving';

const MODEL = 'credit-default-classifier';
let database: Awaited<ReturnType<typeof openAppDatabase>>;
const tokens: Record<'engineer' | 'engineerNoMonitoring' | 'fraudScientist', string> = { engineer: '', engineerNoMonitoring: '', fraudScientist: '' };
let served = 0;

async function tokenOf(email: string, scopes: TScope[]) {
  const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const ctx = serviceContext(database.db, (await loadUserActor(database.db, user!.id))!);
  return (await createToken(ctx, { name: `monitoring ${scopes.join(' ')}`, scopes: scopes as [TScope, ...TScope[]], expiresInDays: 1 })).secret;
}

async function metrics(token?: string) {
  const req = new Request('http://test/api/v1/metrics', { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const res = await dispatchRest(req, ['metrics']);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

before(async () => {
  resetMetrics();
  database = await openAppDatabase();
  tokens.engineer = await tokenOf('engineer@modelgate.local', ['serving:predict', 'monitoring:read']);
  tokens.engineerNoMonitoring = await tokenOf('engineer@modelgate.local', ['serving:predict']);
  tokens.fraudScientist = await tokenOf('fraud-scientist@modelgate.local', ['monitoring:read']);
  // Five answered calls of the seeded production deployment through the real predict route, and one refused for its shape.
  for (let i = 0; i < 5; i++) {
    const res = await callRest('POST', `/serve/production/models/${MODEL}/predict`, { token: tokens.engineer, body: { inputs: { features: [[i, 0.5, -0.25, 1], [0, 1, 2, 3]] } } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    served = res.body.version as number;
  }
  const bad = await callRest('POST', `/serve/production/models/${MODEL}/predict`, { token: tokens.engineer, body: { inputs: { features: [[1, 2, 3]] } } });
  assert.equal(bad.status, 400);
});
after(async () => {
  await closeServingRuntimes();
  if (database) await getPredictionRecorder(database).close();
  await database?.cleanup();
});

test('/metrics counts the serving calls by status and shows the current deployment, for a token with monitoring:read', async () => {
  const res = await metrics(tokens.engineer);
  assert.equal(res.status, 200);
  assert.match(res.type!, /^text\/plain; version=0\.0\.4/);
  const labels = `model="${MODEL}",version="${served}",environment="production"`;
  assert.ok(res.text.includes(`modelgate_predictions_total{${labels},status="ok"} 5`), res.text);
  assert.ok(res.text.includes(`modelgate_predictions_total{${labels},status="invalid_input"} 1`), res.text);
  assert.ok(res.text.includes(`modelgate_prediction_rows_total{${labels}} 10`), res.text);
  assert.ok(res.text.includes(`modelgate_prediction_latency_seconds_count{${labels}} 5`), res.text);
  assert.ok(res.text.includes(`modelgate_deployments_current{${labels}} 1`), res.text);
  assert.match(res.text, /modelgate_loaded_models\{environment="production"\} 1/);
});

test('/metrics hides models the token’s user may not read, and refuses a token without the scope or no token', async () => {
  const other = await metrics(tokens.fraudScientist);
  assert.equal(other.status, 200);
  assert.ok(!other.text.includes(MODEL), 'a Fraud Detection scientist sees no Credit Risk model');
  assert.match(other.text, /# TYPE modelgate_predictions_total counter/);
  assert.equal((await metrics(tokens.engineerNoMonitoring)).status, 403);
  assert.equal((await metrics()).status, 401);
});

test('version monitoring over REST: usage from the stored predictions; no reference before 500 rows', async () => {
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const res = await callRest('GET', `/models/${MODEL}/versions/${served}/monitoring?from=${encodeURIComponent(from)}&bucket=minute`, { token: tokens.engineer });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const body = res.body as { totals: { calls: number; p99: number }; usage: { calls: number }[]; profile: unknown; drift: unknown[]; range: { bucket: string } };
  assert.equal(body.totals.calls, 5);
  assert.ok(body.totals.p99 > 0);
  assert.equal(body.range.bucket, 'minute');
  assert.equal(body.usage.reduce((s, p) => s + p.calls, 0), 5);
  assert.ok(body.usage.length >= 60 && body.usage.length <= 61);
  assert.equal(body.profile, null);
  assert.deepEqual(body.drift, []);
  const hidden = await callRest('GET', `/models/${MODEL}/versions/${served}/monitoring`, { token: tokens.fraudScientist });
  assert.equal(hidden.status, 404);
});

test('bad monitoring queries are clear 400s', async () => {
  const path = `/models/${MODEL}/versions/${served}/monitoring`;
  const now = Date.now();
  const cases: [string, string][] = [
    [`from=${new Date(now).toISOString()}&to=${new Date(now - 60_000).toISOString()}`, 'invalid_input'],
    ['bucket=second', 'invalid_input'],
    [`from=${new Date(now - 30 * 86_400_000).toISOString()}&bucket=minute`, 'invalid_input'],
    ['from=yesterday', 'invalid_input'],
    ['colour=blue', 'invalid_input'],
  ];
  for (const [query, code] of cases) {
    const res = await callRest('GET', `${path}?${query.replace(/\+/g, '%2B')}`, { token: tokens.engineer });
    assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error!.code, code, query);
  }
  const alerts = await callRest('GET', '/monitoring/alerts?state=closed', { token: tokens.engineer });
  assert.equal(alerts.status, 400);
});
