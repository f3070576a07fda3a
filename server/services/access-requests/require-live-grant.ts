import { and, eq, gt, isNull } from 'drizzle-orm';
import { accessGrants } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { recordAudit } from '../../audit/transact';
import { AppError } from '../../errors';
import type { TServiceContext } from '../context';

const GATED = new Set(['confidential', 'restricted']);

/**
 * Reading a confidential or restricted dataset version's content needs a live grant, checked
 * now (not by a sweeper): unexpired and unrevoked. The dataset's owner, governance officers and
 * system jobs (the scanner) read without one. Call after authorize(read) on the version.
 */
export async function requireLiveGrant(
  ctx: TServiceContext,
  version: { id: string; datasetId: string; ownerId: string; classification: string | null },
): Promise<void> {
  if (!version.classification || !GATED.has(version.classification) || ctx.actor.type === 'system') return;
  const userId = actorUserId(ctx.actor);
  if (userId && (userId === version.ownerId || (ctx.actor.type !== 'anonymous' && ctx.actor.roles.includes('governance_officer')))) return;
  if (userId) {
    const [live] = await ctx.db
      .select({ id: accessGrants.id })
      .from(accessGrants)
      .where(and(eq(accessGrants.userId, userId), eq(accessGrants.datasetId, version.datasetId), isNull(accessGrants.revokedAt), gt(accessGrants.expiresAt, new Date())))
      .limit(1);
    if (live) return;
  }
  await recordAudit(ctx.db, ctx.actor, {
    action: 'access.denied',
    subject: { type: 'DatasetVersion', id: version.id },
    data: { action: 'read-content', reason: 'no_live_grant' },
    outcome: 'denied',
  });
  throw new AppError('forbidden', `Reading a ${version.classification} dataset version needs a live access grant; request access first.`);
}
