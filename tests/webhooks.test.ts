import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import type { TDatabase } from '@/db/client';
import { webhookDeliveries } from '@/db/schema';
import { requestPromotion, reviewPromotion, revokePromotion } from '@/server/services/promotions';
import { createWebhook } from '@/server/services/webhooks';
import { deliverDueWebhooks } from '@/server/webhooks/deliver';
import { enqueueWebhook } from '@/server/webhooks/enqueue';
import { verifyWebhookSignature } from '@/server/webhooks/sign';
import { createTestDatabase } from './helpers/db';
import { createPerson, createTeam, createTrainedVersion } from './helpers/governance';

type TReceived = { event: string; delivery: string; timestamp: number; signature: string; body: string };

let database: TDatabase;
let server: Server;
let url: string;
const received: TReceived[] = [];
/** Delivery ids the receiver answers 500 to, once each. */
const failOnce = new Set<string>();
let failNextEvent: string | null = null;

before(async () => {
  database = await createTestDatabase();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const delivery = String(req.headers['x-modelgate-delivery']);
      const event = String(req.headers['x-modelgate-event']);
      if (failNextEvent === event && !failOnce.has(delivery)) {
        failOnce.add(delivery);
        res.writeHead(500).end();
        return;
      }
      received.push({ event, delivery, timestamp: Number(req.headers['x-modelgate-timestamp']), signature: String(req.headers['x-modelgate-signature']), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;
});
after(async () => {
  server?.close();
  await database?.close();
});

test('every committed event is delivered once with a valid HMAC, a 500 is retried with backoff, a rolled-back change sends nothing', async () => {
  const { db } = database;
  const team = await createTeam(db);
  const scientist = await createPerson(db, team, ['data_scientist'], 'scientist');
  const engineer = await createPerson(db, team, ['ml_engineer'], 'engineer');
  const officer = await createPerson(db, team, ['governance_officer'], 'officer');
  const hook = await createWebhook(officer, { url, events: ['promotion.requested', 'promotion.approved', 'promotion.revoked'] });
  const { model } = await createTrainedVersion(db, { teamId: team, creatorId: scientist.userId, ownerId: officer.userId });

  const request = await requestPromotion(scientist, { name: model.name, version: 1, environment: 'staging', justification: '' });
  await reviewPromotion(engineer, { id: request.id, decision: 'approve', comment: '' });
  await revokePromotion(officer, { id: request.id, reason: 'webhook test' });
  await assert.rejects(
    db.transaction(async (tx) => {
      await enqueueWebhook(tx, 'promotion.approved', { requestId: 'rolled-back' });
      throw new Error('roll back');
    }),
  );

  failNextEvent = 'promotion.requested';
  const first = await deliverDueWebhooks(db, { baseDelayMs: 1 });
  assert.deepEqual(first, { delivered: 2, retried: 1, failed: 0 });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(await deliverDueWebhooks(db, { baseDelayMs: 1 }), { delivered: 1, retried: 0, failed: 0 }, 'the 500 is retried');
  assert.deepEqual(await deliverDueWebhooks(db), { delivered: 0, retried: 0, failed: 0 }, 'nothing is sent twice');

  assert.deepEqual(received.map((r) => r.event).sort(), ['promotion.approved', 'promotion.requested', 'promotion.revoked']);
  for (const r of received) {
    assert.ok(verifyWebhookSignature(hook.secret, r.timestamp, r.body, r.signature), `${r.event} is signed`);
    assert.ok(!verifyWebhookSignature('whsec_wrong', r.timestamp, r.body, r.signature));
    assert.equal(JSON.parse(r.body).data.requestId, request.id, 'nothing from the rolled-back change');
  }
  const log = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, hook.id));
  assert.deepEqual(log.map((d) => [d.event, d.status, d.attempts]).sort(), [
    ['promotion.approved', 'delivered', 1],
    ['promotion.requested', 'delivered', 2],
    ['promotion.revoked', 'delivered', 1],
  ]);
  assert.equal(log.find((d) => d.event === 'promotion.requested')!.lastStatusCode, 204);
});
