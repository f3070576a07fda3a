// One measured report in a fresh process, so its peak memory is its own:
// `tsx bench/reports-child.ts <lineage nodes> <pdf|json|collect>`. Builds a model version with a real
// approved promotion (through the services) on a fresh database, gives it a lineage graph of about
// that many nodes in the lineage tables (upstream sources and jobs, downstream deployments and
// prediction batches), then times the report steps a job runs. Prints one JSON line.
import { addEdge, upsertNode } from '@/server/lineage/graph-store';
import type { TLineageNodeKind } from '@/db/schema/lineage';
import { collectReport, recordGeneratedReport, renderReport, resolveReportSubject } from '@/server/services/reports';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { createTestDatabase } from '../tests/helpers/db';
import { createApprovedVersion } from '../tests/helpers/reports';

const nodes = Number(process.argv[2] ?? 1000);
const mode = (process.argv[3] ?? 'pdf') as 'pdf' | 'json' | 'collect';
// PostgreSQL (a fresh database on DATABASE_URL's server) keeps the database's memory out of this process; PGlite otherwise.
const database = await createTestDatabase();
const { db } = database;
const fx = await createApprovedVersion(db);
const [start] = rowsOf<{ id: string }>(await db.execute(sql`select id from lineage_nodes where kind = 'model_version' and subject_id = ${fx.version.id}::uuid`));

// Layers of a plausible graph: 60% upstream (sources -> jobs -> curated datasets -> the model), 40% downstream.
const existing = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from lineage_nodes`))[0]!.n);
const budget = Math.max(0, nodes - existing);
const shape: [TLineageNodeKind, number][] = [
  ['external_dataset', 0.3],
  ['external_job', 0.15],
  ['external_dataset', 0.15],
  ['deployment', 0.05],
  ['prediction_batch', 0.35],
];
const counts = shape.map(([, share]) => Math.floor(budget * share));
counts[3] = Math.max(1, counts[3]!);
counts[counts.length - 1] = Math.max(0, budget - counts.slice(0, -1).reduce((a, b) => a + b, 0));
const layers: string[][] = [];
let serial = 0;
await db.transaction(async (tx) => {
  for (const [i, [kind]] of shape.entries()) {
    const layer: string[] = [];
    for (let j = 0; j < counts[i]!; j++) layer.push(await upsertNode(tx, { kind, namespace: `bench-${i}`, name: `${kind}-${serial++}`, teamId: fx.team }));
    layers.push(layer);
  }
  // Upstream: layer 0 -> 1 -> 2 -> the model version; downstream: the model -> deployments -> batches.
  const link = async (from: string[], to: string[], relation: string) => {
    for (const [k, id] of from.entries()) {
      await addEdge(tx, id, to[k % to.length]!, relation, 'openlineage');
      if (k % 3 === 0 && to.length > 1) await addEdge(tx, id, to[(k + 1) % to.length]!, relation, 'openlineage');
    }
  };
  await link(layers[0]!, layers[1]!, 'input_of');
  await link(layers[1]!, layers[2]!, 'output_of');
  await link(layers[2]!, [start!.id], 'input_of');
  for (const id of layers[3]!) await addEdge(tx, start!.id, id, 'deployed_as', 'openlineage');
  for (const [k, id] of layers[4]!.entries()) await addEdge(tx, layers[3]![k % layers[3]!.length]!, id, 'served', 'openlineage');
});

const before = process.resourceUsage();
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const subject = await resolveReportSubject(fx.auditor, { subjectType: 'ModelVersion', subjectId: fx.version.id });
const report = await collectReport(fx.auditor, subject);
const collected = performance.now();
let bytes = 0;
if (mode !== 'collect') {
  const file = await renderReport(report, subject, mode);
  await recordGeneratedReport(db, fx.auditor.actor, subject, mode, file, null);
  bytes = file.size;
  // A 4th argument keeps the file, to look at.
  if (process.argv[4]) (await import('node:fs')).writeFileSync(process.argv[4], file.bytes);
}
const finished = performance.now();
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    lineageNodes: report.kind === 'model-version-report' ? report.lineage.nodes.length : 0,
    lineageEdges: report.kind === 'model-version-report' ? report.lineage.edges.length : 0,
    collectMs: collected - started,
    renderMs: finished - collected,
    totalMs: finished - started,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime - before.userCPUTime - before.systemCPUTime) / 1000,
    bytes,
    rssBeforeMb: rssBefore / 2 ** 20,
    maxRssMb: usage.maxRSS / 1024,
  }),
);
await database.close();
