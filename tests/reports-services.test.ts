import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type TDatabase } from '@/db/client';
import { auditEvents, environments, predictions, reportJobs } from '@/db/schema';
import { recordDeployment } from '@/server/services/deployments';
import type { TAuditRecord } from '@/server/audit/events';
import { stopJobQueue } from '@/server/jobs/queue';
import { addEdge, upsertNode } from '@/server/lineage/graph-store';
import {
  generateReport,
  listReportJobs,
  listReportSubjects,
  openReportJobResult,
  readReportJob,
  REPORT_JOB_NODE_THRESHOLD,
  stopReportWorker,
} from '@/server/services/reports';
import type { TModelVersionReport } from '@/reports/types';
import { createTestDatabase } from './helpers/db';
import { createPerson, createTeam } from './helpers/governance';
import { createApprovedVersion } from './helpers/reports';

let database: TDatabase;
let fx: Awaited<ReturnType<typeof createApprovedVersion>>;
let outsider: Awaited<ReturnType<typeof createPerson>>;
let otherTeam: string;

before(async () => {
  process.env.MODELGATE_DATA_DIR ??= (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/mg-reports-`);
  database = await createTestDatabase();
  fx = await createApprovedVersion(database.db);
  otherTeam = await createTeam(database.db);
  outsider = await createPerson(database.db, otherTeam, ['data_scientist'], 'Other Scientist');
});
after(async () => {
  await stopReportWorker(database.db);
  await stopJobQueue(database.db);
  await database.close();
});

const code = (expected: string) => (error: unknown) => (error as { code?: string }).code === expected;
const json = async (ctx: typeof fx.auditor) => {
  const result = await generateReport(ctx, { subjectType: 'ModelVersion', subjectId: fx.version.id, format: 'json' });
  assert.equal(result.kind, 'file');
  return JSON.parse((result as Extract<typeof result, { kind: 'file' }>).file.bytes.toString('utf8')) as TModelVersionReport;
};

/** The node that mirrors the fixture's model version (written by the lineage triggers). */
async function modelNode(): Promise<string> {
  const [row] = rowsOf<{ id: string }>(await database.db.execute(sql`select id from lineage_nodes where kind = 'model_version' and subject_id = ${fx.version.id}::uuid`));
  assert.ok(row, 'the lineage triggers mirror the model version');
  return row.id;
}

test('who may report: the team’s scientist yes (their view), another team’s scientist sees nothing, a data owner may not', async () => {
  const mine = await json(fx.scientist);
  assert.equal(mine.facts.artifact.sha256, fx.version.artifactSha256);
  assert.equal(mine.audit.verification, null, 'no chain verification without the checkpoint right');
  assert.equal(mine.audit.visible, false);
  assert.ok(mine.audit.events.every((e) => e.actor.startsWith('Sam Scientist')), 'only their own events');
  await assert.rejects(generateReport(outsider, { subjectType: 'ModelVersion', subjectId: fx.version.id, format: 'pdf' }), code('not_found'));
  await assert.rejects(generateReport(fx.owner, { subjectType: 'ModelVersion', subjectId: fx.version.id, format: 'pdf' }), code('forbidden'));
  const denied = await database.db
    .select({ body: auditEvents.body })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'access.denied'), eq(auditEvents.subjectType, 'Report')));
  assert.ok(denied.length >= 1, 'the data owner’s refusal is audited');
  const offered = await listReportSubjects(fx.scientist, {});
  assert.ok(offered.modelVersions.some((m) => m.id === fx.version.id));
  assert.ok(!(await listReportSubjects(outsider, {})).modelVersions.some((m) => m.id === fx.version.id), 'another team’s version is not offered');
});

test("lineage nodes of teams the reader cannot see are left out and only counted: no names through the report", async () => {
  const node = await modelNode();
  const secret = await upsertNode(database.db, { kind: 'external_dataset', namespace: 's3://other-team', name: 'secret-upstream', teamId: otherTeam, label: 'secret-upstream' });
  await addEdge(database.db, secret, node, 'input_of', 'openlineage');
  const auditorView = await json(fx.auditor);
  assert.ok(auditorView.lineage.nodes.some((n) => n.label === 'secret-upstream'), 'the auditor sees every team');
  const scientistView = await json(fx.scientist);
  assert.ok(!JSON.stringify(scientistView).includes('secret-upstream'), 'no name of another team’s node anywhere in the report');
  assert.ok(!scientistView.lineage.nodes.some((n) => n.id === secret));
  assert.ok(scientistView.lineage.nodes.some((n) => n.kind === 'dataset_version'), 'their own team’s nodes are drawn');
  assert.match(scientistView.lineage.note ?? '', /^1 neighbouring node/);
});

test('deployments, prediction volume and drift: recorded ones are reported, and empty sections say so', async () => {
  const empty = await json(fx.auditor);
  assert.equal(empty.predictions.volume, null);
  assert.match(empty.predictions.note ?? '', /No predictions recorded/);
  assert.match(empty.drift.note ?? '', /No drift monitoring recorded/);
  const deployment = await recordDeployment(fx.engineer, { name: fx.model.name, version: 1, environment: 'staging', note: 'report test' });
  const [env] = await database.db.select().from(environments).where(eq(environments.name, 'staging'));
  const day = new Date('2026-01-02T10:00:00Z');
  await database.db.insert(predictions).values(
    Array.from({ length: 40 }, (_, i) => ({
      modelVersionId: fx.version.id,
      createdAt: new Date(day.getTime() + i * 60_000 + (i >= 30 ? 86_400_000 : 0)),
      requestId: crypto.randomUUID(),
      deploymentId: (deployment as { id: string }).id,
      environmentId: env!.id,
      input: { x: [i] },
      output: { y: [i] },
      latencyMs: i + 1,
    })),
  );
  const report = await json(fx.auditor);
  assert.deepEqual(report.deployments.items.map((d) => [d.environment, d.kind, d.note]), [['staging', 'deploy', 'report test']]);
  assert.equal(report.predictions.volume?.total, 40);
  assert.deepEqual(report.predictions.volume?.byDay, [{ day: '2026-01-02', count: 30 }, { day: '2026-01-03', count: 10 }]);
  assert.deepEqual(report.predictions.volume?.byEnvironment, [{ environment: 'staging', count: 40 }]);
  assert.ok(!JSON.stringify(report).includes('"x"'), 'no prediction inputs in a report');
  assert.ok(report.audit.subjects.includes(`Deployment:${(deployment as { id: string }).id}`));
});

test('bad input is refused with a code and records no report', async () => {
  const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.action, 'report.generated'));
  await assert.rejects(generateReport(fx.auditor, { subjectType: 'ModelVersion', subjectId: 'not-a-uuid', format: 'pdf' }), (e: Error) => e.name === 'ZodError');
  await assert.rejects(generateReport(fx.auditor, { subjectType: 'ModelVersion', subjectId: crypto.randomUUID(), format: 'pdf' }), code('not_found'));
  await assert.rejects(generateReport(fx.auditor, { subjectType: 'DatasetVersion', subjectId: fx.datasetVersion.id, format: 'mlbom' }), code('invalid_input'));
  const afterCount = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.action, 'report.generated'));
  assert.equal(afterCount[0]!.n, before[0]!.n);
});

// Last: the graph it builds makes every later report of this version a job.
test(`a report whose lineage has more than ${REPORT_JOB_NODE_THRESHOLD} nodes runs as a job with progress; its file matches the recorded hash`, async () => {
  const node = await modelNode();
  for (let i = 0; i < REPORT_JOB_NODE_THRESHOLD + 5; i++) {
    const upstream = await upsertNode(database.db, { kind: 'external_dataset', namespace: 's3://raw', name: `part-${i}`, teamId: fx.team });
    await addEdge(database.db, upstream, node, 'input_of', 'openlineage');
  }
  const result = await generateReport(fx.auditor, { subjectType: 'ModelVersion', subjectId: fx.version.id, format: 'pdf' });
  assert.equal(result.kind, 'job');
  const { job } = result as Extract<typeof result, { kind: 'job' }>;
  assert.equal(job.status, 'queued');
  let done = job;
  for (let i = 0; i < 600 && done.status !== 'completed' && done.status !== 'failed'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    done = await readReportJob(fx.auditor, { id: job.id });
  }
  assert.equal(done.status, 'completed', `the job finished (${done.errorMessage ?? ''})`);
  assert.equal(done.progress, 100);
  assert.ok(done.sha256 && done.downloadPath);
  const opened = await openReportJobResult(fx.auditor, { id: job.id });
  const chunks: Buffer[] = [];
  for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  assert.equal(createHash('sha256').update(bytes).digest('hex'), done.sha256);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const [event] = await database.db
    .select({ body: auditEvents.body })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'report.generated'), sql`${auditEvents.body} like ${`%${done.sha256}%`}`));
  const recorded = JSON.parse(event!.body) as Extract<TAuditRecord, { action: 'report.generated' }>;
  assert.equal(recorded.data.jobId, job.id);
  assert.equal(recorded.data.size, bytes.length);
  assert.ok((await listReportJobs(fx.auditor)).some((j) => j.id === job.id));
  assert.ok(!(await listReportJobs(fx.scientist)).some((j) => j.id === job.id), 'a job is its requester’s');
  await assert.rejects(readReportJob(fx.scientist, { id: job.id }), code('not_found'));
  const [row] = await database.db.select().from(reportJobs).where(eq(reportJobs.id, job.id));
  assert.equal(row!.status, 'completed');
});
