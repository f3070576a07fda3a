import { eq } from 'drizzle-orm';
import type { TTx } from '@/db/client';
import { promotionRequests } from '@/db/schema';
import { AppError } from '../../errors';

export type TPromotionRow = typeof promotionRequests.$inferSelect;

/**
 * Takes the request's row lock (SELECT … FOR UPDATE): every transition of one request runs
 * behind it, so concurrent deciders queue and each sees the state the previous one left.
 */
export async function lockPromotionRequest(tx: TTx, id: string): Promise<TPromotionRow> {
  const [row] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, id)).for('update');
  if (!row) throw new AppError('not_found', 'Promotion request not found.');
  return row;
}

/** 409 for anything but a pending request: a loser of a race, or a second attempt. */
export function requirePending(row: TPromotionRow): void {
  if (row.state !== 'pending') throw new AppError('conflict', `The promotion request is already ${row.state}.`);
}
