import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { TDatabase } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { TAuditRecord } from '@/server/audit/events';
import { generateReport } from '@/server/services/reports';
import type { TModelVersionReport } from '@/reports/types';
import { createTestDatabase } from './helpers/db';
import { createApprovedVersion, firstPageVariance, pdfText } from './helpers/reports';

let database: TDatabase;
let fx: Awaited<ReturnType<typeof createApprovedVersion>>;

before(async () => {
  database = await createTestDatabase();
  fx = await createApprovedVersion(database.db);
});
after(() => database.close());

async function fileOf(result: Awaited<ReturnType<typeof generateReport>>) {
  assert.equal(result.kind, 'file', 'a small report is rendered during the call');
  return (result as Extract<typeof result, { kind: 'file' }>).file;
}

test("an auditor's PDF report opens with pdftotext and holds the artifact hash, the approver and the verification result", async () => {
  const file = await fileOf(await generateReport(fx.auditor, { subjectType: 'ModelVersion', subjectId: fx.version.id, format: 'pdf' }));
  assert.equal(file.bytes.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(file.bytes);
  assert.ok(text.includes(fx.version.artifactSha256), 'the artifact SHA-256, whole, in the text');
  assert.match(text, /Ada Approver/, "the approver's name");
  assert.match(text, /VERIFIED: events 1-\d+ re-derived/, 'the audit verification result');
  assert.match(text, /Contents/);
  assert.match(text, /Page 1 of \d+/, 'page numbers');
  assert.ok(text.includes(fx.datasetVersion.sha256), 'the training dataset version hash');
  assert.match(text, /promotion\.approved/, 'the audit events of the subjects');
  assert.match(text, /Modelgate 0\.1\.0/, 'the generator version');

  const page = await firstPageVariance(file.bytes);
  assert.ok(page.width > 200 && page.height > 300, 'an A4 page at 50 dpi');
  assert.ok(page.variance > 100, `page 1 is not blank (grey variance ${page.variance.toFixed(1)})`);
});

test('the report’s SHA-256 and size are recorded as report.generated; the JSON form holds the same facts', async () => {
  const file = await fileOf(await generateReport(fx.auditor, { subjectType: 'ModelVersion', subjectId: fx.version.id, format: 'json' }));
  assert.equal(file.sha256, createHash('sha256').update(file.bytes).digest('hex'));
  const rows = await database.db
    .select({ body: auditEvents.body })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'report.generated'), eq(auditEvents.subjectId, fx.version.id)));
  const recorded = rows.map((r) => JSON.parse(r.body) as Extract<TAuditRecord, { action: 'report.generated' }>);
  const mine = recorded.find((e) => e.data.sha256 === file.sha256);
  assert.ok(mine, 'an event with the exact bytes’ hash');
  assert.equal(mine.data.size, file.size);
  assert.equal(mine.data.format, 'json');
  assert.equal(mine.actor.id, (fx.auditor.actor as { userId: string }).userId);

  const report = JSON.parse(file.bytes.toString('utf8')) as TModelVersionReport;
  assert.equal(report.facts.artifact.sha256, fx.version.artifactSha256);
  assert.equal(report.promotions[0]!.state, 'approved');
  assert.deepEqual(report.promotions[0]!.reviews.map((r) => r.decision), ['approve']);
  assert.equal(report.attestations.length, 1, 'the signed attestation of the approval');
  assert.equal(report.attestations[0]!.subject[0]!.sha256, fx.version.artifactSha256);
  assert.equal(report.audit.verification?.ok, true);
  assert.ok(report.audit.checkpoint && report.audit.checkpoint.size >= Math.max(...report.audit.events.map((e) => e.seq)), 'the checkpoint covers the listed events');
  assert.equal(report.deployments.items.length, 0);
  assert.match(report.deployments.note ?? '', /No deployments recorded|not/);
  const training = report.trainingData[0]!;
  assert.ok(!('hidden' in training));
  assert.equal(training.classification, 'confidential');
});

test('a dataset version’s PDF report holds its hash, classification history, the model trained on it and the verification', async () => {
  const file = await fileOf(await generateReport(fx.auditor, { subjectType: 'DatasetVersion', subjectId: fx.datasetVersion.id, format: 'pdf' }));
  const text = pdfText(file.bytes);
  assert.ok(text.includes(fx.datasetVersion.sha256), 'the content SHA-256');
  assert.ok(text.includes(fx.version.artifactSha256), 'the model version trained on it');
  assert.match(text, /Models trained on it/);
  assert.match(text, /VERIFIED/);
  assert.ok((await firstPageVariance(file.bytes)).variance > 100);
});

// Last: it breaks the chain of this file's database.
test('an edited audit event makes the report say NOT VERIFIED, naming the event', async () => {
  const [approved] = await database.db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'promotion.approved'), eq(auditEvents.subjectId, fx.requestId)));
  // The application cannot edit events (triggers refuse it); a database superuser can, which is what the verification catches.
  await database.db.execute(sql`alter table audit_events disable trigger user`);
  await database.db.execute(sql`update audit_events set body = replace(body, '"policyVersion":', '"policyVersion" :') where seq = ${approved!.seq}`);
  await database.db.execute(sql`alter table audit_events enable trigger user`);
  const file = await fileOf(await generateReport(fx.auditor, { subjectType: 'ModelVersion', subjectId: fx.version.id, format: 'pdf' }));
  const text = pdfText(file.bytes);
  assert.match(text, new RegExp(`NOT VERIFIED: seq ${approved!.seq}: the body does not match its leaf hash`));
});
