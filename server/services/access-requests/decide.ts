import type { TAccessDecision, TAccessPolicy, TAccessRequestFacts, TAccessReview, TGrantState } from './types';

const DAY_MS = 86_400_000;

/**
 * One reviewer's decision on a data access request (DESIGN.md §2): the dataset's owner or a
 * governance officer decides, never the requester; an approval yields a grant that starts
 * when decided and lasts the requested days, capped by the policy. A refusal changes nothing.
 */
export function decideAccessRequest(policy: TAccessPolicy, request: TAccessRequestFacts, review: TAccessReview): TAccessDecision {
  if (request.state !== 'pending') {
    return { outcome: 'refused', why: 'already-decided', reason: `the request is already ${request.state}; it is decided once` };
  }
  if (review.reviewerId === request.requesterId) {
    return { outcome: 'refused', why: 'own-request', reason: 'nobody decides their own access request' };
  }
  const isOwner = request.datasetOwnerIds.includes(review.reviewerId);
  if (!isOwner && !review.roles.includes('governance_officer')) {
    return { outcome: 'refused', why: 'not-owner-or-officer', reason: "only the dataset's owner or a governance officer decides access" };
  }
  const as = isOwner ? 'the dataset owner' : 'a governance officer';
  if (review.decision === 'reject') return { outcome: 'rejected', reason: `rejected by ${review.reviewerId} as ${as}` };

  const days = Math.min(request.requestedDays, policy.maxDurationDays);
  const capped = days < request.requestedDays ? ` (${request.requestedDays} requested, capped by policy at ${policy.maxDurationDays})` : '';
  const expiresAt = new Date(review.decidedAt.getTime() + days * DAY_MS);
  return {
    outcome: 'approved',
    reason: `approved by ${review.reviewerId} as ${as} for ${days} day(s)${capped}, until ${expiresAt.toISOString()}`,
    grant: { startsAt: review.decidedAt, expiresAt, days },
  };
}

/** Whether a grant lets its holder read now: not revoked and not yet expired. */
export function isGrantLive(grant: TGrantState, now: Date): boolean {
  return grant.revokedAt === null && now.getTime() < grant.expiresAt.getTime();
}
