import { and, eq, lte } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { promotionRequests } from '@/db/schema';
import type { TActor } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { lockPromotionRequest, requirePending } from './lock-request';
import { settlePromotion } from './settle';

const SWEEPER: TActor = { type: 'system', job: 'promotion-expiry' };

/**
 * Moves requests still pending past their expiry to `expired`, each in its own transaction
 * under its row lock (a reviewer racing the sweeper gets 409 or wins before it). The status
 * API already reports such requests as expired; this records the transition and its event.
 */
export async function expireStalePromotions(db: TDb, now = new Date()): Promise<number> {
  const stale = await db
    .select({ id: promotionRequests.id })
    .from(promotionRequests)
    .where(and(eq(promotionRequests.state, 'pending'), lte(promotionRequests.expiresAt, now)))
    .limit(500);
  let expired = 0;
  for (const { id } of stale) {
    const state = await transact(db, SWEEPER, async (tx, audit) => {
      const request = await lockPromotionRequest(tx, id);
      requirePending(request);
      return (await settlePromotion(tx, audit, request, now)).state;
    }).catch((error: unknown) => {
      // Settled by someone else between the scan and the lock: nothing to do.
      if (error instanceof AppError && error.code === 'conflict') return null;
      throw error;
    });
    if (state === 'expired') expired++;
  }
  return expired;
}

/** Sweeps once a minute (unref'd); several portal instances may sweep at once, the row lock keeps it once per request. */
export function scheduleExpirySweeps(db: TDb, intervalMs = 60_000): () => void {
  const timer = setInterval(() => {
    expireStalePromotions(db).catch((error) => console.error('promotion expiry sweep failed', error));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
