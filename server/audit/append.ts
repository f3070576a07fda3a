import { sql } from 'drizzle-orm';
import { rowsOf, type TDbOrTx } from '@/db/client';
import { describeActor, type TActor } from '@/policies/actor';
import { canonicalJson } from './canonical-json';
import type { TAuditInput } from './events';

export const AUDIT_BODY_VERSION = 1;

/**
 * An event's canonical body around the two values only known under the lock:
 * body = pre ‖ at ‖ mid ‖ seq ‖ post. The keys are written in RFC 8785 order
 * (action, actor, at, data, outcome, seq, subject, v), so the joined string is exactly
 * canonicalJson(body); tests/audit-chain.test.ts re-canonicalises stored bodies to prove it.
 */
export function bodyTemplate(actor: ReturnType<typeof describeActor>, event: TAuditInput) {
  return {
    pre: `{"action":${canonicalJson(event.action)},"actor":${canonicalJson(actor)},"at":"`,
    mid: `","data":${canonicalJson(event.data)},"outcome":${canonicalJson(event.outcome ?? 'success')},"seq":`,
    post: `,"subject":${canonicalJson(event.subject)},"v":${AUDIT_BODY_VERSION}}`,
  };
}

/**
 * Appends events to the chain inside the caller's transaction. Call it last in the
 * transaction (transact() does): the advisory lock is held until commit, so the later it is
 * taken the shorter appends wait for each other.
 *
 * The database function audit_append (migration 0002) takes the lock, reads the head and
 * assigns seq, time and hashes in one round trip, so no client round trip happens while the
 * lock is held. Its hashing is that of hashing.ts; the verifier and verifyStoredChain
 * re-derive every hash in JavaScript, so a mismatch cannot pass unnoticed.
 */
export async function appendAuditEvents(tx: TDbOrTx, actor: TActor, events: TAuditInput[]): Promise<number[]> {
  if (events.length === 0) return [];
  const who = describeActor(actor);
  const input = JSON.stringify(
    events.map((event) => ({
      ...bodyTemplate(who, event),
      action: event.action,
      subject_type: event.subject.type,
      subject_id: event.subject.id,
      outcome: event.outcome ?? 'success',
    })),
  );
  const [row] = rowsOf<{ last: string | number }>(await tx.execute(sql`select audit_append(${input}::jsonb, ${who.type}, ${who.id}) as last`));
  const last = Number(row!.last);
  return events.map((_, i) => last - events.length + 1 + i);
}
