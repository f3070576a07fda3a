import { eq } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { users } from '@/db/schema';
import { loadUserActor } from '@/server/auth/load-actor';
import { serviceContext } from '@/server/services/context';
import { requestPromotion } from '@/server/services/promotions';

/** A promotion waiting in the ML engineer's and governance officer's inboxes, requested through the service. */
export async function seedDemoPromotion(db: TDb): Promise<void> {
  const [fay] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'fraud-scientist@modelgate.local'));
  const actor = await loadUserActor(db, fay!.id);
  await requestPromotion(serviceContext(db, actor!), {
    name: 'fraud-loss-estimator',
    version: 2,
    environment: 'staging',
    justification: 'Retrained on the Q3 claims; ready for shadow traffic in staging.',
  });
}
