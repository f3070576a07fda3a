import { sql } from 'drizzle-orm';
import { rowsOf, type TDbOrTx } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { describeActor, type TActor } from '@/policies/actor';
import { canonicalJson } from './canonical-json';
import type { TAuditInput } from './events';
import { ZERO_HASH, chainHash, leafHash } from './hashing';

/** Transaction-scoped advisory lock key that serialises appends. */
const AUDIT_LOCK_KEY = 7_239_411;
export const AUDIT_BODY_VERSION = 1;

/**
 * Appends events to the chain inside the caller's transaction. Call it last in the
 * transaction (transact() does): the advisory lock is held until commit, so the later it is
 * taken the shorter appends wait for each other.
 */
export async function appendAuditEvents(tx: TDbOrTx, actor: TActor, events: TAuditInput[]): Promise<number[]> {
  if (events.length === 0) return [];
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [head] = rowsOf<{ seq: string | number | null; chain_hash: string | null; now: string }>(
    await tx.execute(sql`
      select h.seq, h.chain_hash,
             to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now
      from (select 1) one
      left join lateral (select seq, chain_hash from audit_events order by seq desc limit 1) h on true`),
  );
  let seq = Number(head?.seq ?? 0);
  let prev = head?.chain_hash ?? ZERO_HASH;
  const at = head!.now;
  const who = describeActor(actor);
  const rows = events.map((event) => {
    seq += 1;
    const outcome = event.outcome ?? 'success';
    const body = canonicalJson({
      v: AUDIT_BODY_VERSION,
      seq,
      at,
      actor: who,
      action: event.action,
      subject: event.subject,
      outcome,
      data: event.data,
    });
    const leaf = leafHash(body);
    const chain = chainHash(prev, leaf);
    const row = {
      seq,
      body,
      leafHash: leaf,
      prevHash: prev,
      chainHash: chain,
      at: new Date(at),
      actorType: who.type,
      actorId: who.id,
      action: event.action,
      subjectType: event.subject.type,
      subjectId: event.subject.id,
      outcome,
    };
    prev = chain;
    return row;
  });
  await tx.insert(auditEvents).values(rows);
  return rows.map((r) => r.seq);
}
