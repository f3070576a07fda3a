import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { auditEvents, modelVersions, modelVersionTrainingData, monitoringAlerts, monitoringProfiles, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { evaluateMonitoring, type TMonitoringSettings } from '@/server/monitoring/evaluate';
import { OTHER_CATEGORY } from '@/server/monitoring/drift';
import { ensureProfile } from '@/server/monitoring/profiles';
import { usageSeries } from '@/server/monitoring/usage';
import { createPredictionRecorder, type TPredictionRecord } from '@/server/serving/prediction-recorder';
import { AppError } from '@/server/errors';
import { acknowledgeAlert, listAlerts, readVersionMonitoring, resolveAlert, setMonitoringThresholds } from '@/server/services/monitoring';
import { createTestDatabase } from './helpers/db';
import { createPerson, createTrainedVersion } from './helpers/governance';
import { createDeployedVersion, predictionOf } from './helpers/predictions';

// Dataset contents go to the runtime artifact store, in a folder of this test's own.
const dataDir = mkdtempSync(join(tmpdir(), 'mg-monitoring-'));
process.env.MODELGATE_DATA_DIR = dataDir;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let drifting: Awaited<ReturnType<typeof createDeployedVersion>>;
let steady: Awaited<ReturnType<typeof createDeployedVersion>>;
const NOW = new Date();
const SETTINGS: TMonitoringSettings = { windowMinutes: 60, referenceRows: 300, minWindowRows: 100 };
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

/** A deterministic uniform generator, so the drift figures do not vary between runs. */
function uniform(seed: number) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** `calls` calls of 10 rows each, spread evenly over [fromMin, toMin] minutes ago; feature 0 shifted by `shift`. */
function traffic(deployed: typeof drifting, fromMin: number, toMin: number, calls: number, shift: number, seed: number, latencyMs = (i: number) => 1 + (i % 5)) {
  const random = uniform(seed);
  return Array.from({ length: calls }, (_, i): TPredictionRecord => {
    const rows = Array.from({ length: 10 }, () => [random() + shift, random() * 10]);
    const at = minutesAgo(fromMin - ((fromMin - toMin) * i) / Math.max(1, calls - 1));
    return { ...predictionOf(deployed, at, { inputs: { features: rows } }), latencyMs: latencyMs(i) };
  });
}

async function record(records: TPredictionRecord[]) {
  const recorder = createPredictionRecorder(database);
  await Promise.all(records.map((r) => recorder.record(r)));
  await recorder.close();
}

before(async () => {
  database = await createTestDatabase();
  drifting = await createDeployedVersion(database.db);
  steady = await createDeployedVersion(database.db);
  // Reference-like traffic for both, 50–40 minutes ago (30 calls × 10 rows = the 300-row reference).
  await record([...traffic(drifting, 50, 40, 30, 0, 1), ...traffic(steady, 50, 40, 30, 0, 2)]);
  // Then the drifting version's feature 0 moves up by 0.5; the steady one keeps its distribution but slows down
  // (110 calls in the window: enough for its p99 to be judged).
  await record([...traffic(drifting, 30, 1, 40, 0.5, 3), ...traffic(steady, 30, 1, 80, 0, 4, () => 400)]);
});
after(async () => {
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('usage per minute: calls and p50/p95/p99 computed in SQL, empty minutes filled', async () => {
  const team = await createDeployedVersion(database.db);
  const base = new Date(Math.floor(NOW.getTime() / 60_000) * 60_000 - 10 * 60_000);
  // 100 calls in one minute with latencies 1…100 ms, 3 calls two minutes later.
  await record([
    ...Array.from({ length: 100 }, (_, i) => ({ ...predictionOf(team, new Date(base.getTime() + 500 + i * 100)), latencyMs: i + 1 })),
    ...[5, 10, 15].map((latencyMs, i) => ({ ...predictionOf(team, new Date(base.getTime() + 120_000 + i)), latencyMs })),
  ]);
  const series = await usageSeries(database.db, team.version.id, base, new Date(base.getTime() + 4 * 60_000), 'minute');
  assert.equal(series.length, 4);
  assert.deepEqual(series.map((p) => p.calls), [100, 0, 3, 0]);
  // percentile_cont interpolates: p50 of 1…100 = 50.5, p95 = 95.05, p99 = 99.01.
  assert.equal(series[0]!.p50, 50.5);
  assert.ok(Math.abs(series[0]!.p95! - 95.05) < 1e-9);
  assert.ok(Math.abs(series[0]!.p99! - 99.01) < 1e-9);
  assert.equal(series[1]!.p50, null);
  assert.equal(series[2]!.p50, 10);
});

test('the job builds the reference from the first prediction rows and raises one drift alert, audited and sent as a webhook', async () => {
  const officer = await createPerson(database.db, drifting.teamId, ['governance_officer']);
  await database.db.insert(webhookEndpoints).values({ url: 'http://127.0.0.1:9/hook', events: ['monitoring.drift_detected', 'monitoring.latency_high'], secret: 'whsec_test', createdBy: officer.userId });

  const first = await evaluateMonitoring(database.db, NOW, SETTINGS);
  assert.ok(first.evaluated >= 2);

  const [profile] = await database.db.select().from(monitoringProfiles).where(eq(monitoringProfiles.modelVersionId, drifting.version.id));
  assert.equal(profile!.source, 'predictions');
  assert.equal(profile!.rowCount, 300);
  assert.deepEqual(profile!.features.map((f) => f.name), ['features[0]', 'features[1]']);

  const alerts = await database.db.select().from(monitoringAlerts).where(eq(monitoringAlerts.modelVersionId, drifting.version.id));
  assert.equal(alerts.length, 1);
  const [alert] = alerts;
  assert.equal(alert!.kind, 'drift');
  assert.equal(alert!.state, 'open');
  assert.match(alert!.summary, /features\[0\]/);
  const drifted = alert!.details.breaches.map((b) => `${b.feature}:${b.metric}`);
  assert.ok(drifted.includes('features[0]:psi') && drifted.includes('features[0]:ks'), drifted.join(', '));
  assert.ok(!drifted.some((b) => b.startsWith('features[1]')), `features[1] did not move: ${drifted.join(', ')}`);
  // The window starts after the reference: only the 40 drifted calls (400 rows) were compared.
  assert.equal(alert!.details.windowCount, 400);

  // The steady version has no drift alert, but its 400 ms p99 is over the 250 ms default bound.
  const steadyAlerts = await database.db.select().from(monitoringAlerts).where(eq(monitoringAlerts.modelVersionId, steady.version.id));
  assert.deepEqual(steadyAlerts.map((a) => a.kind), ['latency']);
  assert.match(steadyAlerts[0]!.summary, /p99 latency 400\.0 ms > 250 ms/);

  const raised = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'monitoring.alert_raised'));
  assert.ok(raised.some((e) => e.subjectId === alert!.id), 'the alert has its audit event');
  const outbox = await database.db.select().from(webhookDeliveries);
  const driftHook = outbox.find((d) => d.event === 'monitoring.drift_detected');
  assert.ok(driftHook, 'a drift webhook is in the outbox');
  assert.equal(JSON.parse(driftHook.body).data.alertId, alert!.id);
  assert.ok(outbox.some((d) => d.event === 'monitoring.latency_high'));

  // A breach that goes on raises nothing new while its alert is unresolved.
  const again = await evaluateMonitoring(database.db, NOW, SETTINGS);
  assert.deepEqual(again.raised, []);
});

test('who sees, acknowledges and resolves alerts; each change audited once', async () => {
  const [alert] = await database.db
    .select()
    .from(monitoringAlerts)
    .where(and(eq(monitoringAlerts.modelVersionId, drifting.version.id), eq(monitoringAlerts.kind, 'drift')));
  const engineer = await createPerson(database.db, drifting.teamId, ['ml_engineer']);
  const outsider = await createPerson(database.db, steady.teamId, ['ml_engineer']);
  const owner = await createPerson(database.db, drifting.teamId, ['data_owner']);

  const inbox = await listAlerts(engineer, { action: 'update' });
  assert.deepEqual(inbox.map((a) => a.id), [alert!.id], 'the team’s engineer sees their model’s alert');
  assert.ok(!(await listAlerts(outsider, { action: 'update' })).some((a) => a.id === alert!.id), 'another team’s engineer does not');
  await assert.rejects(listAlerts(owner, { action: 'update' }), (e: unknown) => e instanceof AppError && e.code === 'forbidden');
  assert.equal((await listAlerts(owner)).length, 1, 'a data owner of the team reads it');

  await assert.rejects(acknowledgeAlert(owner, { id: alert!.id, comment: '' }), (e: unknown) => e instanceof AppError && e.code === 'forbidden');
  await assert.rejects(acknowledgeAlert(outsider, { id: alert!.id, comment: '' }), (e: unknown) => e instanceof AppError && e.code === 'not_found');
  const acknowledged = await acknowledgeAlert(engineer, { id: alert!.id, comment: 'looking at the upstream feed' });
  assert.equal(acknowledged.state, 'acknowledged');
  assert.equal(acknowledged.acknowledgedBy, engineer.userId);
  await assert.rejects(acknowledgeAlert(engineer, { id: alert!.id, comment: '' }), (e: unknown) => e instanceof AppError && e.code === 'conflict');
  const events = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'monitoring.alert_acknowledged'), eq(auditEvents.subjectId, alert!.id)));
  assert.equal(events.length, 1);

  // The page's view of the version: usage, the drift table with the breached feature, the alert.
  const view = await readVersionMonitoring(engineer, { name: drifting.model.name, version: 1, from: minutesAgo(60), bucket: 'minute' });
  assert.equal(view.totals.calls, 70);
  assert.equal(view.profile!.source, 'predictions');
  const f0 = view.drift.find((d) => d.feature === 'features[0]')!;
  assert.ok(f0.psiBreached && f0.ksBreached && f0.psi >= 0.2);
  assert.equal(view.drift.find((d) => d.feature === 'features[1]')!.psiBreached, false);
  assert.equal(view.alerts[0]!.state, 'acknowledged');
  assert.equal(view.can.updateAlerts, true);
  await assert.rejects(readVersionMonitoring(outsider, { name: drifting.model.name, version: 1 }), (e: unknown) => e instanceof AppError && e.code === 'not_found');

  await resolveAlert(engineer, { id: alert!.id, resolution: 'upstream feed fixed' });
  await assert.rejects(resolveAlert(engineer, { id: alert!.id, resolution: 'again' }), (e: unknown) => e instanceof AppError && e.code === 'conflict');
  // Still drifting after it was resolved: the next pass raises a new alert.
  const next = await evaluateMonitoring(database.db, NOW, SETTINGS);
  assert.equal(next.raised.length, 1);
});

test('thresholds per version: raising them keeps quiet traffic that the defaults flag', async () => {
  const scientist = await createPerson(database.db, steady.teamId, ['data_scientist']);
  const owner = await createPerson(database.db, steady.teamId, ['data_owner']);
  await assert.rejects(
    setMonitoringThresholds(owner, { name: steady.model.name, version: 1, psi: 0.3, ks: 0.3, p99LatencyMs: 1000 }),
    (e: unknown) => e instanceof AppError && e.code === 'forbidden',
  );
  await setMonitoringThresholds(scientist, { name: steady.model.name, version: 1, psi: 0.3, ks: 0.3, p99LatencyMs: 1000 });
  const [latency] = await database.db.select().from(monitoringAlerts).where(and(eq(monitoringAlerts.modelVersionId, steady.version.id), eq(monitoringAlerts.kind, 'latency')));
  await resolveAlert(scientist, { id: latency!.id, resolution: 'bound raised to 1 s' });
  const pass = await evaluateMonitoring(database.db, NOW, SETTINGS);
  const steadyRaised = await database.db.select().from(monitoringAlerts).where(eq(monitoringAlerts.modelVersionId, steady.version.id));
  assert.equal(steadyRaised.length, 1, 'no new alert under the raised bound');
  assert.ok(!pass.raised.includes(latency!.id));
  const view = await readVersionMonitoring(scientist, { name: steady.model.name, version: 1 });
  assert.deepEqual({ ...view.thresholds }, { psi: 0.3, ks: 0.3, p99LatencyMs: 1000, custom: true });
});

test('a version trained on a table dataset gets its reference from that data, matched to its inputs by column name', async () => {
  const csv = ['income,region,email', ...Array.from({ length: 1000 }, (_, i) => `${i * 10},${i % 3 === 0 ? 'north' : 'south'},p${i}@example.com`)].join('\n') + '\n';
  const trained = await createTrainedVersion(database.db, { teamId: drifting.teamId, creatorId: drifting.scientist.userId, ownerId: drifting.scientist.userId, content: csv });
  const signature = {
    inputs: [
      { name: 'income', type: 'float32', shape: ['N'] },
      { name: 'region', type: 'string', shape: ['N'] },
    ],
    outputs: [{ name: 'score', type: 'float32', shape: ['N'] }],
    opset: 13,
    irVersion: 8,
    producer: null,
  };
  const [version] = await database.db
    .insert(modelVersions)
    .values({ ...trained.version, id: undefined, version: 2, signature, createdAt: undefined })
    .returning();
  await database.db.insert(modelVersionTrainingData).values({ modelVersionId: version!.id, datasetVersionId: trained.datasetVersion.id });

  const profile = await ensureProfile(database.db, version!.id, 500);
  assert.equal(profile!.source, 'dataset');
  assert.equal(profile!.datasetVersionId, trained.datasetVersion.id);
  assert.equal(profile!.rowCount, 1000);
  const [income, region] = profile!.features;
  assert.equal(income!.kind, 'numeric');
  assert.equal(income!.name, 'income');
  assert.equal(region!.kind, 'categorical');
  assert.deepEqual(region!.kind === 'categorical' && region!.categories, ['south', 'north', OTHER_CATEGORY]);
  assert.ok(!profile!.features.some((f) => f.name === 'email'), 'columns the model does not take are not profiled');
  const built = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'monitoring.profile_built'), eq(auditEvents.subjectId, version!.id)));
  assert.equal(built.length, 1);
  // Built once: a second call reads it back.
  assert.equal((await ensureProfile(database.db, version!.id, 500))!.createdAt.getTime(), profile!.createdAt.getTime());
});
