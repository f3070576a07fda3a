import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAccessRequest, isGrantLive } from './decide';
import type { TAccessDecision, TAccessRequestFacts, TAccessReview } from './types';

const DECIDED = new Date('2025-03-01T09:00:00Z');
const days = (n: number) => new Date(DECIDED.getTime() + n * 86_400_000);
const POLICY = { maxDurationDays: 90 };
const REQUEST: TAccessRequestFacts = { id: 'ar-1', requesterId: 'scientist', datasetOwnerIds: ['owner'], requestedDays: 30, state: 'pending' };
const review = (reviewerId: string, edit: Partial<TAccessReview> = {}): TAccessReview => ({ reviewerId, roles: [], decision: 'approve', decidedAt: DECIDED, ...edit });

const CASES: { name: string; request?: Partial<TAccessRequestFacts>; review: TAccessReview; expect: Partial<TAccessDecision> & { why?: string; grantDays?: number } }[] = [
  { name: 'the dataset owner approves for the requested days', review: review('owner', { roles: ['data_owner'] }), expect: { outcome: 'approved', grantDays: 30 } },
  { name: 'a governance officer approves', review: review('gov', { roles: ['governance_officer'] }), expect: { outcome: 'approved', grantDays: 30 } },
  { name: 'a longer request is capped by the policy', request: { requestedDays: 365 }, review: review('owner'), expect: { outcome: 'approved', grantDays: 90 } },
  { name: 'the owner rejects', review: review('owner', { decision: 'reject' }), expect: { outcome: 'rejected' } },
  { name: 'nobody decides their own request, even a governance officer', request: { requesterId: 'gov' }, review: review('gov', { roles: ['governance_officer'] }), expect: { outcome: 'refused', why: 'own-request' } },
  { name: 'an owner requesting their own dataset cannot approve it', request: { requesterId: 'owner' }, review: review('owner'), expect: { outcome: 'refused', why: 'own-request' } },
  { name: "another dataset's owner cannot decide", review: review('other-owner', { roles: ['data_owner'] }), expect: { outcome: 'refused', why: 'not-owner-or-officer' } },
  { name: 'an admin is not a decider', review: review('admin', { roles: ['admin'] }), expect: { outcome: 'refused', why: 'not-owner-or-officer' } },
  { name: 'a decided request is not decided again', request: { state: 'approved' }, review: review('owner'), expect: { outcome: 'refused', why: 'already-decided' } },
];

for (const c of CASES) {
  test(`decideAccessRequest: ${c.name}`, () => {
    const decision = decideAccessRequest(POLICY, { ...REQUEST, ...c.request }, c.review);
    assert.equal(decision.outcome, c.expect.outcome, decision.reason);
    if (c.expect.why) assert.equal(decision.outcome === 'refused' && decision.why, c.expect.why);
    if (c.expect.grantDays !== undefined) {
      assert.ok(decision.outcome === 'approved');
      assert.deepEqual(decision.grant, { startsAt: DECIDED, expiresAt: days(c.expect.grantDays), days: c.expect.grantDays });
    }
  });
}

test('isGrantLive: live until it expires or is revoked', () => {
  const grant = { expiresAt: days(30), revokedAt: null };
  assert.equal(isGrantLive(grant, days(29)), true);
  assert.equal(isGrantLive(grant, days(30)), false, 'expired at expiresAt');
  assert.equal(isGrantLive({ ...grant, revokedAt: days(1) }, days(2)), false, 'revoked');
});
