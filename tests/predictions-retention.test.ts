import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type TDatabase } from '@/db/client';
import { auditEvents, predictions } from '@/db/schema';
import { listPredictionPartitions, maintainPredictionPartitions } from '@/server/services/predictions';
import { getPredictionRecorder } from '@/server/serving/prediction-recorder';
import { createTestDatabase } from './helpers/db';
import { createDeployedVersion, predictionOf } from './helpers/predictions';

let database: TDatabase;
let deployed: Awaited<ReturnType<typeof createDeployedVersion>>;

const DAY = 86_400_000;
const partitionOf = (t: number) => `predictions_p${new Date(t).toISOString().slice(0, 10).replaceAll('-', '')}`;

before(async () => {
  database = await createTestDatabase();
  deployed = await createDeployedVersion(database.db);
});
after(async () => {
  await getPredictionRecorder(database).close();
  await database.close();
});

async function defaultRows(): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(await database.db.execute(sql`select count(*) as n from predictions_default`));
  return Number(row!.n);
}

test('partitions exist from yesterday to a week ahead from the migration on', async () => {
  const names = (await listPredictionPartitions(database.db)).map((p) => p.name);
  for (let d = -1; d <= 7; d++) assert.ok(names.includes(partitionOf(Date.now() + d * DAY)), `partition for day ${d}`);
});

test('retention drops whole day partitions older than the setting, each with its audit event; recent ones stay', async () => {
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  const old = [predictionOf(deployed, at(500)), predictionOf(deployed, at(500)), predictionOf(deployed, at(402))];
  const kept = [predictionOf(deployed, at(398)), predictionOf(deployed, at(30)), predictionOf(deployed, at(0))];
  const recorder = getPredictionRecorder(database);
  await Promise.all([...old, ...kept].map((r) => recorder.record(r)));
  assert.equal(await defaultRows(), 5, 'rows of days without a partition wait in the default partition');

  const result = await maintainPredictionPartitions(database.db, { retentionDays: 400 });
  assert.equal(result.created, 4, 'the four days found in the default partition got theirs');
  assert.equal(await defaultRows(), 0);
  assert.deepEqual(
    result.dropped.map((d) => [d.partition, d.rows]),
    [
      [partitionOf(now - 500 * DAY), 2],
      [partitionOf(now - 402 * DAY), 1],
    ],
  );
  const left = await database.db.select({ id: predictions.requestId }).from(predictions).where(inArray(predictions.requestId, [...old, ...kept].map((r) => r.requestId)));
  assert.deepEqual(left.map((r) => r.id).sort(), kept.map((r) => r.requestId).sort());
  const names = (await listPredictionPartitions(database.db)).map((p) => p.name);
  assert.ok(names.includes(partitionOf(now - 398 * DAY)) && names.includes(partitionOf(now - 30 * DAY)));
  assert.ok(!names.includes(partitionOf(now - 500 * DAY)));

  const events = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'predictions.partition_dropped'));
  assert.equal(events.length, 2);
  const bodies = events.map((e) => JSON.parse(e.body) as { actor: { type: string; label: string }; data: { partition: string; rows: number; retentionDays: number; from: string; to: string } });
  assert.deepEqual(bodies.map((b) => b.actor.type), ['system', 'system']);
  assert.equal(bodies[0]!.actor.label, 'system:prediction-retention');
  assert.deepEqual(bodies.map((b) => [b.data.partition, b.data.rows, b.data.retentionDays]), [
    [partitionOf(now - 500 * DAY), 2, 400],
    [partitionOf(now - 402 * DAY), 1, 400],
  ]);
  assert.equal(new Date(bodies[0]!.data.to).getTime() - new Date(bodies[0]!.data.from).getTime(), DAY);

  // Days that are over are rewritten in primary-key order, once.
  assert.ok(result.clustered.includes(partitionOf(now - 398 * DAY)) && result.clustered.includes(partitionOf(now - 30 * DAY)));
  assert.ok(!result.clustered.includes(partitionOf(now)), 'today is still being written');
  const byName = new Map((await listPredictionPartitions(database.db)).map((p) => [p.name, p.clustered]));
  assert.equal(byName.get(partitionOf(now - 30 * DAY)), true);
  assert.equal(byName.get(partitionOf(now)), false);

  const again = await maintainPredictionPartitions(database.db, { retentionDays: 400 });
  assert.deepEqual(again, { created: 0, dropped: [], clustered: [] }, 'a second run changes nothing');
  assert.equal((await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'predictions.partition_dropped'))).length, 2);
});

test('a new day partition is created ahead while rows keep arriving, and takes later rows of its day', async () => {
  const recorder = getPredictionRecorder(database);
  const tenDaysAhead = Date.now() + 10 * DAY;
  const early = predictionOf(deployed, new Date(tenDaysAhead));
  await recorder.record(early);
  const result = await maintainPredictionPartitions(database.db, { retentionDays: 400, daysAhead: 12 });
  assert.ok(result.created >= 1);
  const late = predictionOf(deployed, new Date(tenDaysAhead + 1000));
  await recorder.record(late);
  const parts = rowsOf<{ part: string }>(
    await database.db.execute(sql`select tableoid::regclass::text as part from predictions where request_id in (${early.requestId}::uuid, ${late.requestId}::uuid)`),
  );
  assert.deepEqual(parts.map((p) => p.part), [partitionOf(tenDaysAhead), partitionOf(tenDaysAhead)]);
});
