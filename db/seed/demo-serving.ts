import { eq } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { users } from '@/db/schema';
import { loadUserActor } from '@/server/auth/load-actor';
import { serviceContext } from '@/server/services/context';
import { recordDeployment } from '@/server/services/deployments';
import { requestPromotion, reviewPromotion } from '@/server/services/promotions';

/** The demo's served model: the classifier in production. */
export const DEMO_SERVED = { model: 'credit-default-classifier', version: 3, environment: 'production' } as const;

async function actorContext(db: TDb, email: string) {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return serviceContext(db, (await loadUserActor(db, user!.id))!);
}

/**
 * Puts the demo classifier into service through the real workflow: its data scientist requests
 * production, the ML engineer and the governance officer approve (the production policy needs
 * two people, one an officer), which signs the attestation, and the engineer deploys it.
 */
export async function seedDemoServing(db: TDb): Promise<void> {
  const scientist = await actorContext(db, 'scientist@modelgate.local');
  const engineer = await actorContext(db, 'engineer@modelgate.local');
  const officer = await actorContext(db, 'governance@modelgate.local');
  const request = await requestPromotion(scientist, {
    name: DEMO_SERVED.model,
    version: DEMO_SERVED.version,
    environment: DEMO_SERVED.environment,
    justification: 'Version 3 beats version 2 on AUC with the same features; shadow run in staging was clean.',
  });
  await reviewPromotion(engineer, { id: request.id, decision: 'approve', comment: 'Latency and memory within the serving budget.' });
  await reviewPromotion(officer, { id: request.id, decision: 'approve', comment: 'Model card and fairness review complete.' });
  await recordDeployment(engineer, { name: DEMO_SERVED.model, version: DEMO_SERVED.version, environment: DEMO_SERVED.environment, note: 'Initial production release of the credit default classifier.' });
}
