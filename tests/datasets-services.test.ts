import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import type { TRole } from '@/policies/vocabulary';
import { stopJobQueue } from '@/server/jobs/queue';
import { startScanWorkers, type TScanWorkers } from '@/server/jobs/scan-worker';
import type { TServiceContext } from '@/server/services/context';
import { changeClassification, createDataset, listDatasets, readDataset, readVersion, uploadDatasetVersion } from '@/server/services/datasets';
import { openAppDatabase } from './helpers/app-database';
import { customersCsv, streamOf, waitForScan } from './helpers/datasets';
import { demoContexts } from './helpers/demo-actors';

let database: Awaited<ReturnType<typeof openAppDatabase>>;
let workers: TScanWorkers;
const as = {} as Record<TRole, TServiceContext>;
let creditRisk: string;
let fraud: string;

before(async () => {
  database = await openAppDatabase();
  const { db } = database;
  const demo = await demoContexts(db);
  Object.assign(as, demo.as);
  ({ creditRisk, fraud } = demo);
  workers = await startScanWorkers(db, { heartbeatMs: 200 });
});
after(async () => {
  await workers?.stop();
  await stopJobQueue(database.db);
  await database?.cleanup();
});

const code = (expected: string) => (error: unknown) => (error as { code?: string }).code === expected;
const ownerId = () => (as.data_owner.actor as { userId: string }).userId;

test('a scientist uploads a CSV; the scan finds emails and cards, masks them, and classifies the version restricted', async () => {
  const dataset = await createDataset(as.data_scientist, { teamId: creditRisk, ownerId: ownerId(), name: 'applicants-2025', description: 'Applicants 2025' });
  const uploaded = await uploadDatasetVersion(as.data_scientist, dataset.id, 'applicants.csv', streamOf(customersCsv(200)));
  assert.equal(uploaded.number, 1);
  assert.equal(uploaded.format, 'csv');
  assert.ok(uploaded.scan && ['queued', 'running'].includes(uploaded.scan.status));
  const done = await waitForScan(as.data_scientist, uploaded.id);
  assert.equal(done.scan!.status, 'completed', done.scan!.errorMessage ?? '');
  assert.equal(done.classification, 'restricted');
  assert.equal(done.rowCount, 200);
  assert.deepEqual(done.columns?.map((c) => `${c.name}:${c.type}`), ['customer_id:integer', 'name:string', 'email:string', 'card_number:integer', 'plan:string', 'visits:integer']);
  // The uploader sees the summary; the masked samples of restricted data need a live grant (the dataset's owner is exempt).
  assert.ok(done.findings.length > 0 && done.findings.every((f) => f.maskedSamples.length === 0), 'samples withheld without a grant');
  assert.deepEqual([done.content.allowed, done.content.samplesWithheld], [false, true]);
  const asOwner = await readVersion(as.data_owner, uploaded.id);
  const byColumn = Object.fromEntries(asOwner.findings.map((f) => [f.location, f]));
  assert.equal(byColumn.email?.entityType, 'EMAIL_ADDRESS');
  assert.equal(byColumn.card_number?.entityType, 'CREDIT_CARD');
  assert.ok(byColumn.card_number!.maskedSamples.length > 0);
  assert.ok(byColumn.card_number!.maskedSamples.every((s) => /^\*{12}\d{4}$/.test(s)), byColumn.card_number!.maskedSamples.join());
  const raw = customersCsv(200);
  for (const f of asOwner.findings) for (const sample of f.maskedSamples) assert.ok(!raw.includes(sample) || !/\d{8}|@example\.com$/.test(sample.replace(/\*/g, '')), `unmasked sample ${sample}`);
  assert.equal(done.history[0]?.to, 'restricted');
  assert.equal(done.history[0]?.changedBy, null, 'set by the scan');
});

test('only a governance officer changes a classification, with a reason, and it is audited', async () => {
  const [dataset] = await listDatasets(as.data_scientist, { name: 'applicants-2025' });
  const { versions } = await readDataset(as.data_scientist, dataset!.id);
  const versionId = versions[0]!.id;
  const change = { versionId, classification: 'confidential' as const, reason: 'Cards are tokenised test numbers from the sandbox.' };
  await assert.rejects(changeClassification(as.data_scientist, change), code('forbidden'));
  await assert.rejects(changeClassification(as.data_owner, change), code('forbidden'));
  const changed = await changeClassification(as.governance_officer, change);
  assert.equal(changed.classification, 'confidential');
  assert.equal(changed.history[0]?.reason, change.reason);
  assert.equal(changed.history[0]?.from, 'restricted');
  const events = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'dataset_version.classified'), eq(auditEvents.subjectId, versionId)));
  assert.equal(events.length, 2, 'one by the scan, one by the officer');
  assert.match(events[1]!.body, /Cards are tokenised/);
});

test('teams see only their datasets; uploads to another team are refused', async () => {
  const ownerSet = await createDataset(as.data_owner, { teamId: creditRisk, ownerId: ownerId(), name: 'owner-made', description: '' });
  assert.equal(ownerSet.ownerName, 'Olive Owner');
  // Another team's rows are invisible to a scientist, so the refusal is a 404, as for reads.
  await assert.rejects(createDataset(as.data_scientist, { teamId: fraud, ownerId: ownerId(), name: 'not-mine', description: '' }), code('not_found'));
  await assert.rejects(createDataset(as.data_scientist, { teamId: creditRisk, ownerId: (as.data_scientist.actor as { userId: string }).userId, name: 'bad-owner', description: '' }), code('invalid_input'));
  const names = (await listDatasets(as.ml_engineer)).map((d) => d.name);
  assert.ok(names.includes('applicants-2025'));
  await assert.rejects(uploadDatasetVersion(as.ml_engineer, ownerSet.id, 'x.csv', streamOf('a\n1\n')), code('forbidden'), 'engineers read data, they do not upload it');
});

test('an empty file and binary data named .csv are refused at upload with their reason', async () => {
  const [dataset] = await listDatasets(as.data_scientist, { name: 'applicants-2025' });
  const refused = async (name: string, content: Buffer, reason: string) => {
    await assert.rejects(uploadDatasetVersion(as.data_scientist, dataset!.id, name, streamOf(content)), (error: unknown) => {
      const e = error as { code?: string; details?: { reason?: string } };
      return e.code === 'unreadable_file' && e.details?.reason === reason;
    });
  };
  await refused('empty.csv', Buffer.alloc(0), 'empty_file');
  await refused('garbage.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'binary_content');
  const { versions } = await readDataset(as.data_scientist, dataset!.id);
  assert.equal(versions.length, 1, 'no version was created');
});
