import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { signWebhook } from './sign';

const MAX_ATTEMPTS = 8;
/** A claimed delivery is not claimed again for this long, so a crashed sender's rows come back. */
const CLAIM_LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;

/** Exponential backoff with a cap: 2 s, 4 s, 8 s … up to an hour. */
export function retryDelayMs(attempts: number, baseMs = 2_000): number {
  return Math.min(baseMs * 2 ** (attempts - 1), 3_600_000);
}

/**
 * Sends the due outbox rows: claims them in a short transaction (SKIP LOCKED, so senders on
 * several instances share the work), posts them outside any transaction, then records the
 * outcome: delivered on 2xx, otherwise retried with backoff until MAX_ATTEMPTS, then failed.
 */
export async function deliverDueWebhooks(db: TDb, opts: { limit?: number; baseDelayMs?: number } = {}): Promise<{ delivered: number; retried: number; failed: number }> {
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, new Date())))
      .orderBy(webhookDeliveries.nextAttemptAt)
      .limit(opts.limit ?? 50)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const ids = due.map((d) => d.id);
    await tx.update(webhookDeliveries).set({ nextAttemptAt: new Date(Date.now() + CLAIM_LEASE_MS) }).where(inArray(webhookDeliveries.id, ids));
    return tx
      .select({ delivery: webhookDeliveries, url: webhookEndpoints.url, secret: webhookEndpoints.secret })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(inArray(webhookDeliveries.id, ids));
  });
  const tally = { delivered: 0, retried: 0, failed: 0 };
  for (const { delivery, url, secret } of claimed) {
    const timestamp = Math.floor(Date.now() / 1000);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(url, {
        method: 'POST',
        body: delivery.body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'x-modelgate-event': delivery.event,
          'x-modelgate-delivery': delivery.id,
          'x-modelgate-timestamp': String(timestamp),
          'x-modelgate-signature': signWebhook(secret, timestamp, delivery.body),
        },
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const attempts = delivery.attempts + 1;
    const outcome = error === null ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
    await db
      .update(webhookDeliveries)
      .set({
        status: outcome,
        attempts,
        lastStatusCode: statusCode,
        lastError: error,
        deliveredAt: outcome === 'delivered' ? new Date() : null,
        nextAttemptAt: outcome === 'pending' ? new Date(Date.now() + retryDelayMs(attempts, opts.baseDelayMs)) : sql`${webhookDeliveries.nextAttemptAt}`,
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    tally[outcome === 'delivered' ? 'delivered' : outcome === 'failed' ? 'failed' : 'retried']++;
  }
  return tally;
}

/** Polls the outbox on a timer (unref'd: it never keeps a process alive). */
export function startWebhookSender(db: TDb, intervalMs = 2_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverDueWebhooks(db)
      .catch((error) => console.error('webhook delivery failed', error))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
