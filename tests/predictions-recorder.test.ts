import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf, type TDatabase } from '@/db/client';
import { predictions } from '@/db/schema';
import { createPredictionRecorder, getPredictionRecorder, readPredictionRecorderStats } from '@/server/serving/prediction-recorder';
import { createTestDatabase, onPostgres } from './helpers/db';
import { createDeployedVersion, predictionOf } from './helpers/predictions';

let database: TDatabase & { url?: string };
let deployed: Awaited<ReturnType<typeof createDeployedVersion>>;

before(async () => {
  database = await createTestDatabase();
  deployed = await createDeployedVersion(database.db);
});
after(async () => {
  await getPredictionRecorder(database).close();
  await database.close();
});

async function storedIds(requestIds: string[]): Promise<string[]> {
  const rows = await database.db.select({ id: predictions.requestId }).from(predictions).where(inArray(predictions.requestId, requestIds));
  return rows.map((r) => r.id).sort();
}

test('record() resolves only once the row is committed: another connection sees it at once', async () => {
  const record = predictionOf(deployed, new Date(), { amount: [[120.5]], note: 'durable' }, { score: [[0.91]] });
  await getPredictionRecorder(database).record(record);
  if (onPostgres) {
    const other = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      const rows = await other`select input, output, latency_ms, caller_user_id from predictions where request_id = ${record.requestId}`;
      assert.equal(rows.length, 1, 'visible from a second connection right after record() resolved');
      assert.deepEqual(rows[0]!.input, { amount: [[120.5]], note: 'durable' });
      assert.deepEqual(rows[0]!.output, { score: [[0.91]] });
      assert.equal(rows[0]!.caller_user_id, deployed.scientist.userId);
    } finally {
      await other.end();
    }
  } else {
    const [row] = await database.db.select().from(predictions).where(eq(predictions.requestId, record.requestId));
    assert.deepEqual(row?.input, { amount: [[120.5]], note: 'durable' });
  }
});

test('PGlite on disk: a resolved record is in the files another open of the folder reads', { skip: onPostgres }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-pred-'));
  try {
    const first = await openDatabase({ dataDir: dir });
    const fixture = await createDeployedVersion(first.db);
    const record = predictionOf(fixture, new Date());
    await getPredictionRecorder(first).record(record);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    const rows = await second.db.select().from(predictions).where(eq(predictions.requestId, record.requestId));
    await second.close();
    assert.equal(rows.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('group commit: 200 concurrent records share a handful of transactions', async () => {
  const recorder = getPredictionRecorder(database);
  const before = readPredictionRecorderStats(database);
  const records = Array.from({ length: 200 }, (_, i) => predictionOf(deployed, new Date(), { i }));
  await Promise.all(records.map((r) => recorder.record(r)));
  const stats = readPredictionRecorderStats(database);
  const batches = stats.batches - before.batches;
  assert.equal(stats.rows - before.rows, 200);
  assert.ok(batches >= 1 && batches <= 5, `200 records took ${batches} transactions`);
  assert.equal((await storedIds(records.map((r) => r.requestId))).length, 200);
});

test('group commit: records arriving while a batch commits go together into the next one', async () => {
  const recorder = createPredictionRecorder(database);
  const first = recorder.record(predictionOf(deployed, new Date()));
  // Let the first batch start, then send 100 more while it is in flight.
  await new Promise((resolve) => setImmediate(resolve));
  const rest = Array.from({ length: 100 }, () => recorder.record(predictionOf(deployed, new Date())));
  await Promise.all([first, ...rest]);
  assert.equal(recorder.stats.rows, 101);
  assert.equal(recorder.stats.batches, 2, 'one batch in flight, one with everything that arrived meanwhile');
  assert.equal(recorder.stats.largestBatch, 100);
  await recorder.close();
});

test('a failing insert rejects every record of its batch and stores none of them; the next batch works', async () => {
  const recorder = createPredictionRecorder(database);
  const good = Array.from({ length: 49 }, () => predictionOf(deployed, new Date()));
  // A version that does not exist: the foreign key fails the whole INSERT.
  const bad = { ...predictionOf(deployed, new Date()), modelVersionId: randomUUID() };
  const batch = [...good.slice(0, 20), bad, ...good.slice(20)];
  const results = await Promise.allSettled(batch.map((r) => recorder.record(r)));
  assert.deepEqual(
    results.map((r) => r.status),
    batch.map(() => 'rejected'),
  );
  const reason = (results[0] as PromiseRejectedResult).reason as Error;
  assert.match(reason.message, /could not be recorded/);
  assert.deepEqual(await storedIds(batch.map((r) => r.requestId)), [], 'nothing of the batch is stored');
  assert.equal(recorder.stats.failedBatches, 1);
  assert.equal(recorder.stats.batches, 0);

  const next = predictionOf(deployed, new Date());
  await recorder.record(next);
  assert.deepEqual(await storedIds([next.requestId]), [next.requestId]);
  await recorder.close();
});

test('a record that cannot be stored fails alone, before batching: others of the same moment are stored', async () => {
  const recorder = createPredictionRecorder(database);
  const fine = Array.from({ length: 10 }, () => predictionOf(deployed, new Date()));
  const unstorable = [
    predictionOf(deployed, new Date(), { text: 'nul \u0000 byte' }),
    predictionOf(deployed, new Date(), { text: 'lone \ud800 surrogate' }),
    { ...predictionOf(deployed, new Date()), requestId: 'not-a-uuid' },
    { ...predictionOf(deployed, new Date()), latencyMs: Number.NaN },
    { ...predictionOf(deployed, new Date()), createdAt: new Date('nope') },
    predictionOf(deployed, new Date(), () => 1),
  ];
  const results = await Promise.allSettled([...fine, ...unstorable].map((r) => recorder.record(r)));
  assert.deepEqual(
    results.map((r) => r.status),
    [...fine.map(() => 'fulfilled'), ...unstorable.map(() => 'rejected')],
  );
  assert.equal((await storedIds(fine.map((r) => r.requestId))).length, 10);
  // Text that merely looks like an escape, and valid surrogate pairs, are stored as given.
  const lookalike = predictionOf(deployed, new Date(), { text: 'a \\u0000 b', emoji: '😀', nested: { deep: ['x'] } });
  await recorder.record(lookalike);
  const [row] = await database.db.select({ input: predictions.input }).from(predictions).where(eq(predictions.requestId, lookalike.requestId));
  assert.deepEqual(row?.input, { text: 'a \\u0000 b', emoji: '😀', nested: { deep: ['x'] } });
  await recorder.close();
});

test('close() flushes what is pending, then refuses new records', async () => {
  const recorder = createPredictionRecorder(database);
  const records = Array.from({ length: 30 }, () => predictionOf(deployed, new Date()));
  const pending = records.map((r) => recorder.record(r));
  await recorder.close();
  await Promise.all(pending);
  assert.equal((await storedIds(records.map((r) => r.requestId))).length, 30);
  await assert.rejects(recorder.record(predictionOf(deployed, new Date())), /closed/);
});

test('one recorder per database: getPredictionRecorder returns the same one until it is closed', async () => {
  // Another handle (as another open of a database would be) on the same client.
  const other: TDatabase = { ...database };
  const a = getPredictionRecorder(other);
  assert.equal(getPredictionRecorder(other), a);
  assert.notEqual(getPredictionRecorder(database), a);
  await a.close();
  assert.notEqual(getPredictionRecorder(other), a, 'a closed recorder is replaced');
  await getPredictionRecorder(other).close();
});

test('rows land in their day partition, and in the default one when their day has none', async () => {
  const recorder = getPredictionRecorder(database);
  const today = predictionOf(deployed, new Date());
  const longAgo = predictionOf(deployed, new Date(Date.UTC(2020, 0, 15, 12)));
  await Promise.all([recorder.record(today), recorder.record(longAgo)]);
  const rows = rowsOf<{ request_id: string; part: string }>(
    await database.db.execute(
      sql`select request_id::text, tableoid::regclass::text as part from predictions where request_id in (${today.requestId}::uuid, ${longAgo.requestId}::uuid)`,
    ),
  );
  const partOf = Object.fromEntries(rows.map((r) => [r.request_id, r.part]));
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  assert.equal(partOf[today.requestId], `predictions_p${day}`);
  assert.equal(partOf[longAgo.requestId], 'predictions_default');
});
