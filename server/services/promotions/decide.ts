import type { TRole } from '@/policies/vocabulary';
import type {
  TBoundFacts,
  TCountedApprover,
  TNotCountedWhy,
  TPromotionDecision,
  TPromotionInput,
  TReview,
} from './types';

/*
 * Is this promotion request approved now? A pure function of the policy, the request, the
 * version's facts, the reviews and the check results (DESIGN.md §3 rules 1–2, §7). The
 * workflow calls it under the request's row lock after every review, policy edit and check
 * run, and applies the state it returns.
 *
 * Choices:
 * - A request whose bound hashes differ from the version's facts is rejected, not left
 *   pending: versions are immutable, so the mismatch can never heal, and pending would only
 *   park the request until it expires.
 * - A failed or missing check keeps the request pending (a scan can finish, an exception can
 *   be granted later); an eligible rejection rejects at once.
 * - A pending request is always judged under the policy passed in (the current version),
 *   whatever version it was bound to; reviews keep the roles they were made with.
 * - A settled request (approved, rejected, …) is returned as it is: transitions happen once.
 */
export function decidePromotion({ policy, request, version, reviews, checks, now }: TPromotionInput): TPromotionDecision {
  const settled = { countedApprovers: [], notCounted: [], policyVersion: request.policyVersion };
  if (request.state !== 'pending') {
    return { ...settled, state: request.state, reasons: [`the request is already ${request.state}; it is decided once`] };
  }
  const unjudged = { countedApprovers: [], notCounted: [], policyVersion: policy.version };
  if (now.getTime() >= request.expiresAt.getTime()) {
    return { ...unjudged, state: 'expired', reasons: [`the request expired at ${request.expiresAt.toISOString()} while pending`] };
  }
  const mismatches = bindingMismatches(request, version);
  if (mismatches.length > 0) return { ...unjudged, state: 'rejected', reasons: mismatches };

  const reasons: string[] = [];
  if (request.policyVersion !== policy.version) {
    reasons.push(
      `the ${policy.environment} policy changed from version ${request.policyVersion} to ${policy.version} while the request was pending; judged under version ${policy.version}`,
    );
  }

  const notCounted: TPromotionDecision['notCounted'] = [];
  const counted: TCountedApprover[] = [];
  const rejections: TReview[] = [];
  for (const review of latestReviewPerPerson(reviews, notCounted, reasons)) {
    const why = disqualification(review, request.requesterId, version.creatorId, policy.eligibleRoles);
    if (why) {
      notCounted.push({ userId: review.reviewerId, why });
      reasons.push(`${review.reviewerId}'s ${review.decision === 'approve' ? 'approval' : 'rejection'} does not count: ${WHY_TEXT[why](review, policy.eligibleRoles)}`);
    } else if (review.decision === 'reject') {
      rejections.push(review);
    } else {
      counted.push({ userId: review.reviewerId, roles: review.roles, decidedAt: review.decidedAt });
      reasons.push(`${review.reviewerId} counted: approved at ${review.decidedAt.toISOString()} holding ${listRoles(review.roles, 'and')}`);
    }
  }

  const decision = { countedApprovers: counted, notCounted, policyVersion: policy.version };
  if (rejections.length > 0) {
    for (const r of rejections) reasons.push(`${r.reviewerId} rejected at ${r.decidedAt.toISOString()} holding ${listRoles(r.roles, 'and')}`);
    return { ...decision, state: 'rejected', reasons };
  }

  const shortfalls = approvalShortfalls(policy.requiredApprovals, policy.minimumFromRole, counted, policy.eligibleRoles);
  const checkFailures = policy.requiredChecks.flatMap((name) => {
    const result = checks.find((c) => c.name === name);
    if (!result) return [`check "${name}" has not run`];
    return result.passed ? [] : [`check "${name}" failed: ${result.explanation}`];
  });
  if (shortfalls.length > 0 || checkFailures.length > 0) {
    return { ...decision, state: 'pending', reasons: [...reasons, ...shortfalls, ...checkFailures] };
  }
  reasons.push(
    `${policy.environment} policy version ${policy.version} is met: ${counted.length} distinct approver(s), ${policy.requiredChecks.length} required check(s) passed`,
  );
  return { ...decision, state: 'approved', reasons };
}

const BOUND_FIELDS: [keyof TBoundFacts, string][] = [
  ['artifactSha256', 'artifact SHA-256'],
  ['trainingCodeHash', 'training-code hash'],
  ['predictionCodeHash', 'prediction-code hash'],
];

function bindingMismatches(bound: TBoundFacts, current: TBoundFacts): string[] {
  return BOUND_FIELDS.filter(([field]) => bound[field] !== current[field]).map(
    ([field, label]) => `the request is bound to ${label} ${bound[field]} but the version has ${current[field]}; approvals for other bits do not count`,
  );
}

/** One decision per person: their latest review; earlier ones are recorded as superseded. */
function latestReviewPerPerson(reviews: TReview[], notCounted: TPromotionDecision['notCounted'], reasons: string[]): TReview[] {
  const latest = new Map<string, TReview>();
  for (const review of reviews) {
    const seen = latest.get(review.reviewerId);
    if (seen && seen.decidedAt.getTime() > review.decidedAt.getTime()) continue;
    latest.set(review.reviewerId, review);
  }
  for (const review of reviews) {
    if (latest.get(review.reviewerId) === review) continue;
    notCounted.push({ userId: review.reviewerId, why: 'superseded' });
    reasons.push(`${review.reviewerId}'s review at ${review.decidedAt.toISOString()} does not count: ${WHY_TEXT.superseded(review, [])}`);
  }
  return [...latest.values()];
}

function disqualification(review: TReview, requesterId: string, creatorId: string, eligible: TRole[]): TNotCountedWhy | null {
  if (review.reviewerId === requesterId) return 'requester';
  if (review.reviewerId === creatorId) return 'creator';
  if (!review.roles.some((role) => eligible.includes(role))) return 'ineligible-role';
  return null;
}

const WHY_TEXT: Record<TNotCountedWhy, (review: TReview, eligible: TRole[]) => string> = {
  requester: () => 'nobody decides their own request',
  creator: () => "the model version's creator cannot approve its promotion",
  'ineligible-role': (review, eligible) =>
    `they held ${listRoles(review.roles, 'and')} when deciding; the policy needs one of ${listRoles(eligible, 'or')}`,
  superseded: () => 'the same person decided again later; one person counts once',
};

/** What the counted approvers still lack: distinct people, and people holding given roles. */
function approvalShortfalls(
  required: number,
  minimumFromRole: { role: TRole; count: number }[],
  counted: TCountedApprover[],
  eligible: TRole[],
): string[] {
  const shortfalls: string[] = [];
  if (counted.length < required) {
    shortfalls.push(`needs ${required} distinct approvers holding one of ${listRoles(eligible, 'or')}; ${counted.length} counted`);
  }
  const slots = minimumFromRole.flatMap(({ role, count }) => Array.from({ length: count }, () => role));
  const filled = fillRoleSlots(slots, counted);
  for (const { role, count } of minimumFromRole) {
    const have = slots.filter((slot, i) => slot === role && filled[i]).length;
    if (have < count) shortfalls.push(`needs at least ${count} approver(s) holding ${role}, each person counted once; ${have} counted`);
  }
  return shortfalls;
}

/**
 * Assigns approvers to role slots so that nobody fills two slots (a maximum bipartite
 * matching, Kuhn's augmenting paths): someone holding two roles satisfies either minimum,
 * not both. Returns, per slot, whether it is filled.
 */
function fillRoleSlots(slots: TRole[], approvers: TCountedApprover[]): boolean[] {
  const slotOf: (number | undefined)[] = approvers.map(() => undefined);
  const assign = (slot: number, visited: Set<number>): boolean => {
    for (const [a, approver] of approvers.entries()) {
      if (visited.has(a) || !approver.roles.includes(slots[slot]!)) continue;
      visited.add(a);
      const previous = slotOf[a];
      if (previous === undefined || assign(previous, visited)) {
        slotOf[a] = slot;
        return true;
      }
    }
    return false;
  };
  return slots.map((_, slot) => assign(slot, new Set()));
}

function listRoles(roles: TRole[], joiner: 'and' | 'or'): string {
  return roles.length === 0 ? 'no role' : roles.join(` ${joiner} `);
}
