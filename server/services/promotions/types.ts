import type { TRole } from '@/policies/vocabulary';

/** One version of an environment's promotion policy (DESIGN.md §7). */
export interface TPromotionPolicy {
  id: string;
  environment: string;
  /** Increases on every edit; a request is bound to the version in force when it was made. */
  version: number;
  /** Distinct people whose approvals must count. */
  requiredApprovals: number;
  /** A reviewer counts only if they held one of these roles when deciding. */
  eligibleRoles: TRole[];
  /** "At least `count` of the counted approvers held `role`"; one person fills one slot only. */
  minimumFromRole: { role: TRole; count: number }[];
  /** Names of the checks that must have passed. */
  requiredChecks: string[];
}

export const PROMOTION_STATES = ['pending', 'approved', 'rejected', 'withdrawn', 'expired', 'revoked'] as const;
export type TPromotionState = (typeof PROMOTION_STATES)[number];

/** The bits the request was made for. Code hashes are a git commit or a content SHA-256. */
export interface TBoundFacts {
  artifactSha256: string;
  trainingCodeHash: string;
  predictionCodeHash: string;
}

export interface TPromotionRequestFacts extends TBoundFacts {
  id: string;
  requesterId: string;
  /** The policy version the request was last evaluated under. */
  policyVersion: number;
  createdAt: Date;
  /** A request still pending at this time is expired. */
  expiresAt: Date;
  state: TPromotionState;
}

/** What the registry says about the model version now. */
export interface TModelVersionFacts extends TBoundFacts {
  creatorId: string;
}

export interface TReview {
  reviewerId: string;
  /** The roles the reviewer held when deciding, not today's. */
  roles: TRole[];
  decision: 'approve' | 'reject';
  decidedAt: Date;
}

export interface TCheckResult {
  name: string;
  passed: boolean;
  explanation: string;
}

export interface TPromotionInput {
  policy: TPromotionPolicy;
  request: TPromotionRequestFacts;
  version: TModelVersionFacts;
  reviews: TReview[];
  checks: TCheckResult[];
  now: Date;
}

/** Why a review did not count, for the portal's timeline. */
export type TNotCountedWhy = 'requester' | 'creator' | 'ineligible-role' | 'superseded';

export interface TCountedApprover {
  userId: string;
  roles: TRole[];
  decidedAt: Date;
}

export interface TPromotionDecision {
  state: TPromotionState;
  /** Human explanations: who counted, who did not and why, what is missing, which check failed. */
  reasons: string[];
  countedApprovers: TCountedApprover[];
  notCounted: { userId: string; why: TNotCountedWhy }[];
  /** The policy version this decision was made under (the current one for a pending request). */
  policyVersion: number;
}
