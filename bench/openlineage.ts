// OpenLineage ingestion benchmark (registered in bench/run.ts; `npm run bench -- openlineage`), on
// PostgreSQL: BENCH_OL_EVENTS distinct RunEvents (default 4,000; 2 inputs and 1 output from a pool
// of 200 shared datasets, schema, SQL and nominal-time facets, one in ten with a placeholder URI and
// a timestamp without a timezone) ingested through the service that POST /lineage calls —
// validation, normalisation, idempotency check, the stored event, lineage nodes and edges and the
// audit event in one transaction — by BENCH_OL_CONCURRENCY (default 16) concurrent callers.
// Beside it, from the same run: the validator alone, and a plain INSERT of the same stored payload
// into the same table with the same concurrency (no validation, no graph, no audit): the floor of
// "store an event". Ratios are printed.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { validateOpenLineageEvent } from '@/server/openlineage/validate-event';
import { ingestOpenLineageEvent } from '@/server/services/openlineage';
import { createTestDatabase } from '@/tests/helpers/db';
import { createPerson, createTeam } from '@/tests/helpers/governance';
import { BENCH_DATABASE_URL, type TBenchRow } from './config';

const EVENTS = Number(process.env.BENCH_OL_EVENTS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_OL_CONCURRENCY ?? 16);
const POOL = 16;

function makeEvent(i: number): Record<string, unknown> {
  const ds = (n: number) => ({
    namespace: 'postgres://warehouse:5432',
    name: `analytics.public.table_${n % 200}`,
    facets: {
      schema: {
        _producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/airflow',
        _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
        fields: ['id', 'amount', 'currency', 'created_at', 'customer_id'].map((name) => ({ name, type: 'VARCHAR' })),
      },
      dataSource: {
        _producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/airflow',
        _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet',
        name: 'warehouse',
        uri: i % 10 === 0 ? 'string' : 'postgres://warehouse:5432',
      },
    },
  });
  return {
    eventType: i % 2 === 0 ? 'START' : 'COMPLETE',
    eventTime: i % 10 === 0 ? '2026-01-05T10:00:00.123456' : new Date(Date.UTC(2026, 0, 5) + i).toISOString(),
    run: {
      runId: randomUUID(),
      facets: {
        nominalTime: {
          _producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/airflow',
          _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet',
          nominalStartTime: '2026-01-05T10:00:00Z',
        },
      },
    },
    job: {
      namespace: 'airflow-prod',
      name: `etl.task_${i % 50}`,
      facets: {
        sql: {
          _producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/airflow',
          _schemaURL: 'https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet',
          query: `insert into table_${(i + 2) % 200} select * from table_${i % 200} join table_${(i + 1) % 200} using (id)`,
        },
      },
    },
    inputs: [ds(i), ds(i + 1)],
    outputs: [ds(i + 2)],
    producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/airflow',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
}

/** Runs `work` over every item with `concurrency` callers; returns items per second. */
async function throughput<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  return items.length / ((performance.now() - started) / 1000);
}

export async function run(): Promise<TBenchRow[]> {
  process.env.DATABASE_URL = BENCH_DATABASE_URL;
  const database = await createTestDatabase({ maxConnections: POOL });
  const { db } = database;
  try {
    const team = await createTeam(db);
    const engineer = await createPerson(db, team, ['ml_engineer'], 'engineer');
    const warm = Array.from({ length: 200 }, (_, i) => makeEvent(EVENTS + i));
    const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i));

    // The validator alone (one core, no I/O).
    const validatorStart = performance.now();
    for (const event of events) if (!validateOpenLineageEvent(event, 'ingest').ok) throw new Error('bench event invalid');
    const validatorRate = events.length / ((performance.now() - validatorStart) / 1000);

    // Baseline: the same stored payload inserted plainly, same concurrency, same pool.
    const stored = events.map((e) => validateOpenLineageEvent(e, 'ingest') as { event: Record<string, unknown> });
    const insertRate = await throughput(stored, CONCURRENCY, async ({ event }) => {
      await db.execute(sql`
        insert into openlineage_events (kind, run_id, event_type, event_time, namespace, name, event, sha256, received_by)
        values ('RunEvent', ${(event.run as { runId: string }).runId}::uuid, 'BASELINE', now(), 'baseline', 'baseline', ${JSON.stringify(event)}::jsonb, '', ${engineer.userId}::uuid)`);
    });

    for (const event of warm) await ingestOpenLineageEvent(engineer, event);
    const cpuBefore = process.cpuUsage();
    const ingestRate = await throughput(events, CONCURRENCY, (event) => ingestOpenLineageEvent(engineer, event));
    const cpu = process.cpuUsage(cpuBefore);
    const cpuUsPerEvent = (cpu.user + cpu.system) / events.length;
    const repeatRate = await throughput(events.slice(0, 1000), CONCURRENCY, (event) => ingestOpenLineageEvent(engineer, event));

    const [counts] = rowsOf<{ events: number; audits: number; edges: number }>(
      await db.execute(sql`select (select count(*)::int from openlineage_events where event_type <> 'BASELINE') as events,
        (select count(*)::int from audit_events where body like '%lineage.event_ingested%') as audits,
        (select count(*)::int from lineage_edges) as edges`),
    );
    if (counts!.events !== EVENTS + warm.length || counts!.audits !== counts!.events) throw new Error(`bench stored ${JSON.stringify(counts)}`);
    return [
      { metric: 'ingest (validate, store, graph, audit)', value: ingestRate, unit: 'events/s', note: `${EVENTS} RunEvents, ${CONCURRENCY} concurrent callers, pool ${POOL}; target ≥ 1,000` },
      { metric: 'ingest: CPU of this process per event', value: cpuUsPerEvent, unit: 'µs', note: 'validation, normalisation, hashing, driver; PostgreSQL not included' },
      { metric: 'repeat of a stored event (duplicate)', value: repeatRate, unit: 'events/s', note: 'validate + key lookup, nothing written' },
      { metric: 'baseline: plain INSERT of the payload', value: insertRate, unit: 'events/s', note: `same table, concurrency and pool; ingest is ${(insertRate / ingestRate).toFixed(1)}× slower` },
      { metric: 'baseline: validator alone (1 core)', value: validatorRate, unit: 'events/s', note: `ingest runs at ${((ingestRate / validatorRate) * 100).toFixed(0)}% of it` },
      { metric: 'lineage edges written', value: counts!.edges, unit: 'edges', note: `${counts!.audits} audit events, one per stored event` },
    ];
  } finally {
    await database.close();
  }
}
