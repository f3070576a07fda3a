import { randomUUID } from 'node:crypto';
import { and, arrayContains, isNull } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { webhookDeliveries, webhookEndpoints, type TWebhookEvent } from '@/db/schema';
import type { TJson } from '../audit/canonical-json';

/**
 * Writes the event to the outbox for every endpoint subscribed to it, inside the caller's
 * transaction: it is sent after commit (deliver.ts), and never for a change that rolled back.
 */
export async function enqueueWebhook(tx: TDbOrTx, event: TWebhookEvent, data: Record<string, TJson>): Promise<void> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(isNull(webhookEndpoints.disabledAt), arrayContains(webhookEndpoints.events, [event])));
  if (endpoints.length === 0) return;
  const body = JSON.stringify({ id: randomUUID(), event, occurredAt: new Date().toISOString(), data });
  await tx.insert(webhookDeliveries).values(endpoints.map((e) => ({ endpointId: e.id, event, body })));
}
