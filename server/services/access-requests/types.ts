import type { TRole } from '@/policies/vocabulary';

export interface TAccessPolicy {
  /** The longest grant; longer requests are approved for this long. */
  maxDurationDays: number;
}

export interface TAccessRequestFacts {
  id: string;
  requesterId: string;
  /** The dataset's data owners: they, or a governance officer, decide. */
  datasetOwnerIds: string[];
  requestedDays: number;
  state: 'pending' | 'approved' | 'rejected' | 'withdrawn';
}

export interface TAccessReview {
  reviewerId: string;
  roles: TRole[];
  decision: 'approve' | 'reject';
  decidedAt: Date;
}

export interface TGrantTerms {
  startsAt: Date;
  expiresAt: Date;
  days: number;
}

export type TAccessRefusal = 'own-request' | 'not-owner-or-officer' | 'already-decided';

export type TAccessDecision =
  | { outcome: 'refused'; why: TAccessRefusal; reason: string }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'approved'; reason: string; grant: TGrantTerms };

export interface TGrantState {
  expiresAt: Date;
  revokedAt: Date | null;
}
