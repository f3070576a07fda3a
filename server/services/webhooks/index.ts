import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { WEBHOOK_EVENTS, webhookEndpoints, type TWebhookEvent } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';

export const ZCreateWebhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS as unknown as [TWebhookEvent, ...TWebhookEvent[]])).min(1),
});
export const ZDisableWebhookSchema = z.strictObject({ id: z.uuid() });

/** Registers a receiver; the HMAC secret is returned once, for the receiver to verify signatures. */
export async function createWebhook(ctx: TServiceContext, input: z.infer<typeof ZCreateWebhookSchema>) {
  await authorize(ctx, 'create', 'Webhook');
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const events = [...new Set(input.events)].sort();
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [row] = await tx.insert(webhookEndpoints).values({ url: input.url, events, secret, createdBy: actorUserId(ctx.actor)! }).returning();
    audit.record({ action: 'webhook.created', subject: { type: 'Webhook', id: row!.id }, data: { url: input.url, events } });
    return { id: row!.id, url: row!.url, events, secret };
  });
}

export async function listWebhooks(ctx: TServiceContext) {
  await authorize(ctx, 'read', 'Webhook');
  return ctx.db
    .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, events: webhookEndpoints.events, createdAt: webhookEndpoints.createdAt, disabledAt: webhookEndpoints.disabledAt })
    .from(webhookEndpoints)
    .orderBy(desc(webhookEndpoints.createdAt));
}

/** Stops new deliveries to an endpoint; what is already in the outbox is still sent. */
export async function disableWebhook(ctx: TServiceContext, input: z.infer<typeof ZDisableWebhookSchema>) {
  const [row] = await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, input.id));
  if (!row) throw new AppError('not_found', 'Webhook not found.');
  await authorize(ctx, 'revoke', 'Webhook', row);
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [locked] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, input.id)).for('update');
    if (locked!.disabledAt) throw new AppError('conflict', 'The webhook is already disabled.');
    await tx.update(webhookEndpoints).set({ disabledAt: new Date() }).where(eq(webhookEndpoints.id, input.id));
    audit.record({ action: 'webhook.disabled', subject: { type: 'Webhook', id: input.id }, data: { url: row.url } });
  });
}
