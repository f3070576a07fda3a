import type { TPromotionState } from '../promotions/types';

/** What the deployment rules need to know of one promotion request. */
export interface TPromotionFacts {
  id: string;
  state: TPromotionState;
  createdAt: Date;
  decidedAt: Date | null;
  approvalExpiresAt: Date | null;
  revokeReason: string | null;
  /** The artifact the approval is bound to (DESIGN.md §7): it counts only for those bits. */
  artifactSha256: string;
}

/** Names for messages: "credit-default-classifier v3 in production". */
export interface TTarget {
  model: string;
  version: number;
  environment: string;
  artifactSha256: string;
}

export type TDeployRefusalCode = 'not_approved' | 'promotion_revoked' | 'promotion_expired';
export type TDeployDecision<T extends TPromotionFacts> = { ok: true; request: T } | { ok: false; code: TDeployRefusalCode; message: string };

const label = (t: TTarget) => `${t.model} version ${t.version}`;
const isLive = (r: TPromotionFacts, t: TTarget, now: Date) =>
  r.state === 'approved' && r.approvalExpiresAt !== null && r.approvalExpiresAt > now && r.artifactSha256 === t.artifactSha256;

/**
 * May this version be deployed to this environment now? Given every promotion request of the
 * version to the environment, the deployment relies on the most recently decided live approval.
 * Without one, the refusal names the reason of the most recent approval there was (revoked or
 * expired), or else the state of the latest request.
 */
export function decideDeployment<T extends TPromotionFacts>(requests: T[], target: TTarget, now: Date): TDeployDecision<T> {
  const newestFirst = [...requests].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const live = newestFirst.filter((r) => isLive(r, target, now)).sort((a, b) => b.decidedAt!.getTime() - a.decidedAt!.getTime());
  if (live[0]) return { ok: true, request: live[0] };
  const where = `${label(target)} to ${target.environment}`;
  const lastApproval = newestFirst.find((r) => r.state === 'approved' || r.state === 'revoked');
  if (lastApproval?.state === 'revoked') {
    return { ok: false, code: 'promotion_revoked', message: `The promotion of ${where} was revoked: ${lastApproval.revokeReason ?? 'no reason given'}.` };
  }
  if (lastApproval && lastApproval.artifactSha256 !== target.artifactSha256) {
    return { ok: false, code: 'not_approved', message: `The approval of ${where} is for other artifact bytes than this version's.` };
  }
  if (lastApproval) {
    return { ok: false, code: 'promotion_expired', message: `The approval of ${where} expired at ${lastApproval.approvalExpiresAt!.toISOString()}; request a new promotion.` };
  }
  const latest = newestFirst[0];
  if (!latest) return { ok: false, code: 'not_approved', message: `No promotion of ${where} was requested; it needs an approved promotion first.` };
  return { ok: false, code: 'not_approved', message: `The promotion of ${where} is ${latest.state}, not approved.` };
}

export type TServingRefusalCode = 'approval_revoked' | 'approval_expired' | 'not_deployed';

/**
 * Does the approval a deployment relies on still let the serving layer answer? Checked on
 * every request against the in-memory copy that notifications keep fresh; expiry needs no
 * notification because it is compared with the clock here.
 */
export function servingRefusal(
  approval: Pick<TPromotionFacts, 'state' | 'approvalExpiresAt' | 'revokeReason' | 'artifactSha256'>,
  target: TTarget,
  now: number,
): { code: TServingRefusalCode; message: string } | null {
  const what = `${label(target)} in ${target.environment}`;
  if (approval.state === 'revoked') {
    return { code: 'approval_revoked', message: `The approval of ${what} was revoked: ${approval.revokeReason ?? 'no reason given'}. It is not served.` };
  }
  if (approval.state !== 'approved' || approval.artifactSha256 !== target.artifactSha256) {
    return { code: 'not_deployed', message: `${what} has no live approval (its promotion is ${approval.state}). It is not served.` };
  }
  if (approval.approvalExpiresAt === null || approval.approvalExpiresAt.getTime() <= now) {
    return { code: 'approval_expired', message: `The approval of ${what} expired at ${approval.approvalExpiresAt?.toISOString() ?? 'an unknown time'}. It is not served.` };
  }
  return null;
}
