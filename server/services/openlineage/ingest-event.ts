import { createHash, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { TDb, TDbOrTx } from '@/db/client';
import { openlineageEvents } from '@/db/schema';
import { actorUserId, describeActor, type TActor } from '@/policies/actor';
import { canonicalJson } from '../../audit/canonical-json';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { eventKeyOf, referencesOf, type TEventKey } from '../../openlineage/references';
import { describeIssues, validateOpenLineageEvent, type TEventKind, type TNormalisation } from '../../openlineage/validate-event';
import { authorize, type TServiceContext } from '../context';
import { resolveLinks, resolveTeam } from './resolve-links';
import { writeEventGraph, type TGraphInput, type TLinkView } from './write-graph';

export interface TIngestResult {
  accepted: true;
  kind: TEventKind;
  /** The stored event's id (the first one's, for a duplicate). */
  eventId: string;
  /** True when an event with the same key was already accepted; nothing changed. */
  duplicate: boolean;
  /** For a duplicate: whether the stored event has exactly this content (false: see warnings). */
  sameContent?: boolean;
  normalised: TNormalisation[];
  links: TLinkView[];
  warnings: string[];
}

/** `event_time = …` on the instant (PostgreSQL parses the RFC 3339 text; it keeps microseconds). */
const instant = (eventTime: string) => sql`${eventTime.toUpperCase()}::timestamptz`;

function keyCondition(key: TEventKey) {
  const time = eq(openlineageEvents.eventTime, instant(key.eventTime) as unknown as Date);
  if (key.kind === 'RunEvent') {
    return and(
      eq(openlineageEvents.kind, 'RunEvent'),
      eq(openlineageEvents.runId, key.runId!),
      eq(sql`coalesce(${openlineageEvents.eventType}, '')`, key.eventType ?? ''),
      time,
    );
  }
  return and(eq(openlineageEvents.kind, key.kind), eq(openlineageEvents.namespace, key.namespace), eq(openlineageEvents.name, key.name), time);
}

function describeKey(key: TEventKey): string {
  return key.kind === 'RunEvent'
    ? `run ${key.runId}, eventType ${key.eventType ?? '(none)'}, eventTime ${key.eventTime}`
    : `${key.kind === 'DatasetEvent' ? 'dataset' : 'job'} ${key.namespace}/${key.name}, eventTime ${key.eventTime}`;
}

/**
 * The stored event with this key, answered as a repeat. The key decides (the first event stays as
 * it was stored); a repeat whose content differs is still not stored, and the warning says so.
 */
async function repeatOf(db: TDbOrTx, key: TEventKey, sha256: string, kind: TEventKind, normalised: TNormalisation[]): Promise<TIngestResult | null> {
  const [found] = await db.select({ id: openlineageEvents.id, sha256: openlineageEvents.sha256 }).from(openlineageEvents).where(keyCondition(key));
  if (!found) return null;
  const warnings =
    found.sha256 === sha256 ? [] : [`an event with the same key (${describeKey(key)}) was accepted before with different content; that one is kept and this one was not stored`];
  return { accepted: true, kind, eventId: found.id, duplicate: true, sameContent: found.sha256 === sha256, normalised, links: [], warnings };
}

/** An event ready to store: validated, keyed, hashed, its links resolved. */
interface TPrepared {
  id: string;
  kind: TEventKind;
  event: Record<string, unknown>;
  normalisations: TNormalisation[];
  key: TEventKey;
  sha256: string;
  graph: TGraphInput;
}

/**
 * Stores a batch of events in one transaction: each event row (a key already taken is skipped),
 * its part of the graph and its own audit event. Returns, per event, its links, or null when its
 * key was taken (a repeat, answered after the transaction).
 */
async function storeBatch(db: TDb, actor: TActor, items: TPrepared[]): Promise<(TLinkView[] | null)[]> {
  try {
    return await transact(db, actor, async (tx, audit) => {
      const inserted = await tx
        .insert(openlineageEvents)
        .values(
          items.map((item) => ({
            id: item.id,
            kind: item.kind,
            runId: item.key.runId,
            eventType: item.key.eventType,
            eventTime: instant(item.key.eventTime) as unknown as Date,
            namespace: item.key.namespace,
            name: item.key.name,
            event: item.event,
            sha256: item.sha256,
            normalisations: item.normalisations,
            teamId: item.graph.teamId,
            receivedBy: actorUserId(actor)!,
            tokenId: actor.type === 'token' ? actor.tokenId : null,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: openlineageEvents.id });
      const storedIds = new Set(inserted.map((r) => r.id));
      const stored = items.filter((item) => storedIds.has(item.id));
      if (stored.length === 0) throw new NothingStored();
      const views = await writeEventGraph(tx, stored.map((item) => item.graph));
      const viewsById = new Map(stored.map((item, i) => [item.id, views[i]!]));
      for (const item of stored) {
        audit.record({
          action: 'lineage.event_ingested',
          subject: { type: 'LineageEvent', id: item.id },
          data: {
            kind: item.kind,
            runId: item.key.runId,
            eventType: item.key.eventType,
            eventTime: item.key.eventTime,
            sha256: item.sha256,
            normalisations: item.normalisations.length,
            links: viewsById.get(item.id)!.map((l) => ({ kind: l.to.kind, id: l.to.id })),
          },
        });
      }
      return items.map((item) => viewsById.get(item.id) ?? null);
    });
  } catch (error) {
    if (error instanceof NothingStored) return items.map(() => null);
    throw error;
  }
}

/** Every event of the batch was a repeat: roll back the empty transaction (it has no audit event). */
class NothingStored extends Error {}

const MAX_BATCH = 64;

/**
 * Group commit. Concurrent requests of one actor share a transaction: while one batch commits, the
 * next gathers, so a pipeline sending many events pays for one commit and one audit-chain append per
 * batch instead of per event (each event still gets its own audit event in the transaction that
 * stores it). A batch that fails is retried event by event, so one bad event fails alone.
 */
class IngestQueue {
  private pending: { item: TPrepared; resolve(v: TLinkView[] | null): void; reject(e: unknown): void }[] = [];
  private running = false;
  constructor(
    private readonly db: TDb,
    private readonly actor: TActor,
  ) {}

  submit(item: TPrepared): Promise<TLinkView[] | null> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain() {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        const outcomes = await storeBatch(this.db, this.actor, batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(outcomes[i]!));
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else {
          for (const b of batch) {
            try {
              b.resolve((await storeBatch(this.db, this.actor, [b.item]))[0]!);
            } catch (single) {
              b.reject(single);
            }
          }
        }
      }
    }
    this.running = false;
  }
}

const queues = new WeakMap<TDb, Map<string, IngestQueue>>();

function queueFor(db: TDb, actor: TActor): IngestQueue {
  const who = describeActor(actor);
  const key = `${who.type}:${who.id}:${who.label}`;
  let byActor = queues.get(db);
  if (!byActor) queues.set(db, (byActor = new Map()));
  let queue = byActor.get(key);
  if (!queue) byActor.set(key, (queue = new IngestQueue(db, actor)));
  return queue;
}

/**
 * Accepts one OpenLineage event (RunEvent, DatasetEvent or JobEvent): validates it with the
 * project's own schema code, normalises the drift Marquez accepts (and lists it), stores it,
 * writes it into the lineage graph with links to the registered versions it names, and records
 * `lineage.event_ingested` — all in one transaction. Idempotent on the key (runId, eventType,
 * eventTime for a RunEvent): an event whose key was accepted before is a duplicate and changes
 * nothing (the response says whether its content differed).
 */
export async function ingestOpenLineageEvent(ctx: TServiceContext, body: unknown, opts: { team?: string } = {}): Promise<TIngestResult> {
  await authorize(ctx, 'create', 'LineageEvent');
  const validation = validateOpenLineageEvent(body, 'ingest');
  if (!validation.ok) {
    throw new AppError('invalid_input', `Not a valid OpenLineage ${validation.kind ?? 'event'}: ${describeIssues(validation.issues)}`, { issues: validation.issues });
  }
  const { kind, event, normalisations } = validation;
  const key = eventKeyOf(kind, event);
  const year = Number(key.eventTime.slice(0, 4));
  if (year < 1) throw new AppError('invalid_input', 'Not a valid OpenLineage event: eventTime is before year 1 [range]', { issues: [{ path: 'eventTime', rule: 'range', message: 'is before year 1' }] });
  const sha256 = createHash('sha256').update(canonicalJson(event)).digest('hex');


  const refs = referencesOf(kind, event);
  const links = await resolveLinks(ctx, refs);
  const teamId = await resolveTeam(ctx, opts.team, links);
  const item: TPrepared = { id: randomUUID(), kind, event, normalisations, key, sha256, graph: { refs, links, teamId, eventTime: key.eventTime } };
  const stored = await queueFor(ctx.db, ctx.actor).submit(item);
  if (stored) return { accepted: true, kind, eventId: item.id, duplicate: false, normalised: normalisations, links: stored, warnings: links.warnings };
  // Another request stored this key first (in this batch or a concurrent one): answer as a repeat.
  const again = await repeatOf(ctx.db, key, sha256, kind, normalisations);
  if (!again) throw new AppError('conflict', 'The event was stored and removed at the same time; send it again.');
  return again;
}
