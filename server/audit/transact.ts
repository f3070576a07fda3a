import type { TDb, TTx } from '@/db/client';
import type { TActor } from '@/policies/actor';
import { appendAuditEvents } from './append';
import type { TAuditInput } from './events';

export interface TAuditSink {
  record(event: TAuditInput): void;
}

/**
 * Runs a state change in one transaction together with its audit events: the events are
 * appended last, just before commit, so both commit or neither does. A change that records
 * no event is refused, because every state change must have one.
 */
export async function transact<T>(
  db: TDb,
  actor: TActor,
  change: (tx: TTx, audit: TAuditSink) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const pending: TAuditInput[] = [];
    const result = await change(tx, { record: (event) => pending.push(event) });
    if (pending.length === 0) throw new Error('a state change must record an audit event');
    await appendAuditEvents(tx, actor, pending);
    return result;
  });
}

/**
 * Records events on their own, e.g. a denial whose operation changed nothing. One statement
 * is its own transaction: the lock is released at its commit with no client round trip.
 */
export async function recordAudit(db: TDb, actor: TActor, ...events: TAuditInput[]): Promise<void> {
  await appendAuditEvents(db, actor, events);
}
