import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { teams, users } from './identity';

export const OPENLINEAGE_EVENT_KINDS = ['RunEvent', 'DatasetEvent', 'JobEvent'] as const;
export type TOpenLineageEventKind = (typeof OPENLINEAGE_EVENT_KINDS)[number];

/** One normalisation ingest applied (see server/openlineage/schema.ts TNormalisation). */
export type TStoredNormalisation = { path: string; rule: string; action: string; message: string; from?: unknown; to?: unknown };

/**
 * Every accepted OpenLineage event, as stored after normalisation (`event`), with what was
 * normalised and the original values it replaced (`normalisations`), so the event as sent can be
 * told from the event as kept.
 *
 * Idempotency: a RunEvent is the same event when (run_id, event_type, event_time) match (a missing
 * eventType counts as one value). A DatasetEvent or JobEvent has no run: it is the same event when it
 * states something about the same dataset or job (kind, namespace, name) at the same event_time — a
 * producer re-sending its static metadata. A repeat changes nothing; `sha256` (of the stored event's
 * canonical JSON) tells the response whether the repeat's content was the same.
 * `event_time` keeps microseconds (PostgreSQL's resolution); the instant counts, not how it was
 * written (+10:00 and Z forms of the same instant are the same key).
 */
export const openlineageEvents = pgTable(
  'openlineage_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: OPENLINEAGE_EVENT_KINDS }).notNull(),
    /** RunEvent only. */
    runId: uuid(),
    /** RunEvent only; null when the producer left eventType out (the spec allows it). */
    eventType: text(),
    eventTime: timestamp({ withTimezone: true }).notNull(),
    /** The job's namespace and name (RunEvent, JobEvent) or the dataset's (DatasetEvent). */
    namespace: text().notNull(),
    name: text().notNull(),
    event: jsonb().$type<Record<string, unknown>>().notNull(),
    sha256: text().notNull(),
    normalisations: jsonb().$type<TStoredNormalisation[]>().notNull().default(sql`'[]'::jsonb`),
    /** The team the event's external nodes were filed under; null when none could be told. */
    teamId: uuid().references(() => teams.id),
    receivedBy: uuid().notNull().references(() => users.id),
    /** The API token it came with, when it came with one. */
    tokenId: uuid(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('openlineage_events_run_key')
      .on(t.runId, sql`coalesce(${t.eventType}, '')`, t.eventTime)
      .where(sql`${t.kind} = 'RunEvent'`),
    uniqueIndex('openlineage_events_static_key').on(t.kind, t.namespace, t.name, t.eventTime).where(sql`${t.kind} <> 'RunEvent'`),
    index().on(t.receivedAt),
    check('openlineage_events_kind_known', sql`${t.kind} in ('RunEvent', 'DatasetEvent', 'JobEvent')`),
    check('openlineage_events_run_has_id', sql`(${t.kind} = 'RunEvent') = (${t.runId} is not null)`),
  ],
);
