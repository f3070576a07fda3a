import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TRole } from '@/policies/vocabulary';
import { decidePromotion } from './decide';
import { DEFAULT_POLICIES, PROMOTION_CHECKS } from './default-policies';
import type { TCheckResult, TNotCountedWhy, TPromotionInput, TPromotionPolicy, TPromotionState, TReview } from './types';

const T0 = Date.parse('2025-03-01T09:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000);
const HASHES = { artifactSha256: 'a'.repeat(64), trainingCodeHash: '1'.repeat(40), predictionCodeHash: '2'.repeat(40) };

function policyFor(environment: string, version = 1, edit: Partial<TPromotionPolicy> = {}): TPromotionPolicy {
  const rules = DEFAULT_POLICIES.find((p) => p.environment === environment)!;
  return { id: `policy-${environment}`, version, ...rules, ...edit };
}
const PRODUCTION = policyFor('production');
const STAGING = policyFor('staging');

const approve = (reviewerId: string, roles: TRole[], hour = 1): TReview => ({ reviewerId, roles, decision: 'approve', decidedAt: at(hour) });
const reject = (reviewerId: string, roles: TRole[], hour = 2): TReview => ({ reviewerId, roles, decision: 'reject', decidedAt: at(hour) });
const GOV: TRole[] = ['governance_officer'];
const ML: TRole[] = ['ml_engineer'];
const BOTH: TRole[] = ['governance_officer', 'ml_engineer'];
const passing = (names: readonly string[]): TCheckResult[] => names.map((name) => ({ name, passed: true, explanation: 'ok' }));

/** A pending production request by `scientist` for a version `maker` created, judged at hour 24 of 168. */
function input(edit: Partial<TPromotionInput> & { requestEdit?: Partial<TPromotionInput['request']> } = {}): TPromotionInput {
  const { requestEdit, ...rest } = edit;
  return {
    policy: PRODUCTION,
    request: { id: 'req-1', requesterId: 'scientist', policyVersion: 1, createdAt: at(0), expiresAt: at(168), state: 'pending', ...HASHES, ...requestEdit },
    version: { creatorId: 'maker', ...HASHES },
    reviews: [],
    checks: passing(PROMOTION_CHECKS),
    now: at(24),
    ...rest,
  };
}

interface TCase {
  name: string;
  input: TPromotionInput;
  state: TPromotionState;
  counted?: string[];
  notCounted?: [string, TNotCountedWhy][];
  /** Substrings some reason must contain. */
  says?: string[];
  policyVersion?: number;
}

const CASES: TCase[] = [
  { name: 'production: a governance officer and an ML engineer approve', input: input({ reviews: [approve('gov-1', GOV), approve('ml-1', ML)] }), state: 'approved', counted: ['gov-1', 'ml-1'], says: ['policy version 1 is met'] },
  { name: 'production: one approval is not enough', input: input({ reviews: [approve('gov-1', GOV)] }), state: 'pending', counted: ['gov-1'], says: ['needs 2 distinct approvers', '1 counted'] },
  { name: 'production: two ML engineers lack a governance officer', input: input({ reviews: [approve('ml-1', ML), approve('ml-2', ML)] }), state: 'pending', counted: ['ml-1', 'ml-2'], says: ['needs at least 1 approver(s) holding governance_officer'] },
  { name: 'a user holding two roles counts once', input: input({ reviews: [approve('both', BOTH)] }), state: 'pending', counted: ['both'], says: ['needs 2 distinct approvers'] },
  { name: 'a user holding two roles fills the governance slot beside an ML engineer', input: input({ reviews: [approve('both', BOTH), approve('ml-1', ML)] }), state: 'approved', counted: ['both', 'ml-1'] },
  {
    name: 'the same person reviewing twice counts once',
    input: input({ reviews: [approve('both', GOV, 1), approve('both', ML, 3)] }),
    state: 'pending', counted: ['both'], notCounted: [['both', 'superseded']], says: ['one person counts once'],
  },
  {
    name: 'one person cannot fill two role minimums',
    input: input({
      policy: policyFor('production', 1, { eligibleRoles: ['governance_officer', 'ml_engineer', 'data_owner'], minimumFromRole: [{ role: 'governance_officer', count: 1 }, { role: 'ml_engineer', count: 1 }] }),
      reviews: [approve('both', BOTH), approve('owner', ['data_owner'])],
    }),
    state: 'pending', counted: ['both', 'owner'], says: ['needs at least 1 approver(s) holding ml_engineer, each person counted once; 0 counted'],
  },
  {
    name: 'matching finds the assignment that fills both minimums',
    input: input({
      policy: policyFor('production', 1, { minimumFromRole: [{ role: 'governance_officer', count: 1 }, { role: 'ml_engineer', count: 1 }] }),
      reviews: [approve('both', BOTH), approve('gov-1', GOV)],
    }),
    state: 'approved', counted: ['both', 'gov-1'],
  },
  { name: "the requester's own approval is ignored", input: input({ reviews: [approve('scientist', GOV), approve('ml-1', ML)] }), state: 'pending', counted: ['ml-1'], notCounted: [['scientist', 'requester']], says: ['nobody decides their own request'] },
  { name: "the version creator's approval is ignored", input: input({ reviews: [approve('maker', GOV), approve('ml-1', ML)] }), state: 'pending', counted: ['ml-1'], notCounted: [['maker', 'creator']], says: ["creator cannot approve"] },
  { name: 'an ineligible role does not count', input: input({ reviews: [approve('aud', ['auditor']), approve('gov-1', GOV)] }), state: 'pending', counted: ['gov-1'], notCounted: [['aud', 'ineligible-role']], says: ['they held auditor when deciding; the policy needs one of governance_officer or ml_engineer'] },
  { name: 'a rejection after one approval rejects', input: input({ reviews: [approve('gov-1', GOV, 1), reject('ml-1', ML, 5)] }), state: 'rejected', counted: ['gov-1'], says: ['ml-1 rejected at'] },
  { name: 'a rejection rejects even when the approvals are met', input: input({ reviews: [approve('gov-1', GOV), approve('ml-1', ML), reject('gov-2', GOV)] }), state: 'rejected' },
  { name: 'a rejection by an ineligible reviewer is ignored', input: input({ reviews: [reject('aud', ['auditor'])] }), state: 'pending', notCounted: [['aud', 'ineligible-role']] },
  { name: "the requester's own rejection is not a rejection", input: input({ reviews: [reject('scientist', GOV)] }), state: 'pending', notCounted: [['scientist', 'requester']] },
  { name: 'a pending request past its expiry is expired', input: input({ now: at(200), reviews: [approve('gov-1', GOV), approve('ml-1', ML)] }), state: 'expired', counted: [], says: ['expired at'] },
  { name: 'expiry is exclusive: at expiresAt the request is expired', input: input({ now: at(168) }), state: 'expired' },
  {
    name: 'an artifact hash mismatch rejects and no approval counts',
    input: input({ version: { creatorId: 'maker', ...HASHES, artifactSha256: 'b'.repeat(64) }, reviews: [approve('gov-1', GOV), approve('ml-1', ML)] }),
    state: 'rejected', counted: [], says: [`artifact SHA-256 ${'a'.repeat(64)} but the version has ${'b'.repeat(64)}`],
  },
  { name: 'a training-code hash mismatch rejects', input: input({ requestEdit: { trainingCodeHash: '9'.repeat(40) } }), state: 'rejected', says: ['training-code hash'] },
  { name: 'a prediction-code hash mismatch rejects', input: input({ requestEdit: { predictionCodeHash: '9'.repeat(40) } }), state: 'rejected', says: ['prediction-code hash'] },
  {
    name: 'a policy relaxed while pending approves under the new version',
    input: input({ policy: policyFor('production', 2, { requiredApprovals: 1, minimumFromRole: [] }), reviews: [approve('ml-1', ML)] }),
    state: 'approved', counted: ['ml-1'], policyVersion: 2, says: ['changed from version 1 to 2 while the request was pending'],
  },
  {
    name: 'a policy tightened while pending keeps it pending under the new version',
    input: input({ policy: policyFor('staging', 2, { requiredApprovals: 2 }), requestEdit: { policyVersion: 1 }, reviews: [approve('ml-1', ML)] }),
    state: 'pending', counted: ['ml-1'], policyVersion: 2, says: ['needs 2 distinct approvers'],
  },
  {
    name: 'a role made ineligible while pending stops counting',
    input: input({ policy: policyFor('staging', 3, { eligibleRoles: ['governance_officer'] }), reviews: [approve('ml-1', ML)] }),
    state: 'pending', notCounted: [['ml-1', 'ineligible-role']], policyVersion: 3,
  },
  {
    name: 'a failed check keeps an approved-by-people request pending',
    input: input({ reviews: [approve('gov-1', GOV), approve('ml-1', ML)], checks: [...passing(PROMOTION_CHECKS.slice(1)), { name: 'training-scans-finished', passed: false, explanation: 'dataset v3 scan still running' }] }),
    state: 'pending', counted: ['gov-1', 'ml-1'], says: ['check "training-scans-finished" failed: dataset v3 scan still running'],
  },
  { name: 'a check that has not run keeps it pending', input: input({ reviews: [approve('gov-1', GOV), approve('ml-1', ML)], checks: passing(['model-card-complete']) }), state: 'pending', says: ['check "metric-thresholds" has not run'] },
  { name: 'staging: one ML engineer approves', input: input({ policy: STAGING, reviews: [approve('ml-1', ML)] }), state: 'approved', counted: ['ml-1'] },
  { name: 'staging: a data owner is not eligible', input: input({ policy: STAGING, reviews: [approve('owner', ['data_owner'])] }), state: 'pending', notCounted: [['owner', 'ineligible-role']] },
  { name: 'a settled request is returned as it is', input: input({ requestEdit: { state: 'withdrawn' }, reviews: [approve('gov-1', GOV), approve('ml-1', ML)] }), state: 'withdrawn', counted: [], says: ['already withdrawn'] },
];

for (const c of CASES) {
  test(`decidePromotion: ${c.name}`, () => {
    const decision = decidePromotion(c.input);
    const context = `reasons:\n  ${decision.reasons.join('\n  ')}`;
    assert.equal(decision.state, c.state, context);
    if (c.counted) assert.deepEqual(decision.countedApprovers.map((a) => a.userId), c.counted, context);
    if (c.notCounted) assert.deepEqual(decision.notCounted.map((n) => [n.userId, n.why]), c.notCounted, context);
    for (const s of c.says ?? []) assert.ok(decision.reasons.some((r) => r.includes(s)), `no reason says "${s}"; ${context}`);
    if (c.policyVersion !== undefined) assert.equal(decision.policyVersion, c.policyVersion);
  });
}

test('decidePromotion: counted approvers carry the roles and time they decided with', () => {
  const { countedApprovers } = decidePromotion(input({ reviews: [approve('both', BOTH, 3), approve('ml-1', ML, 4)] }));
  assert.deepEqual(countedApprovers[0], { userId: 'both', roles: BOTH, decidedAt: at(3) });
});
