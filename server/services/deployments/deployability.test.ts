import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideDeployment, servingRefusal, type TPromotionFacts } from './deployability';

const NOW = new Date('2026-06-01T12:00:00Z');
const SHA = 'a'.repeat(64);
const target = { model: 'm', version: 3, environment: 'production', artifactSha256: SHA };
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
let n = 0;
const request = (over: Partial<TPromotionFacts>): TPromotionFacts => ({
  id: `r${++n}`,
  state: 'approved',
  createdAt: at(-100 + n),
  decidedAt: at(-50 + n),
  approvalExpiresAt: at(60),
  revokeReason: null,
  artifactSha256: SHA,
  ...over,
});

test('deployment decisions, as a table', () => {
  const approved = request({});
  const revoked = request({ state: 'revoked', revokeReason: 'leak' });
  const expired = request({ approvalExpiresAt: at(-1) });
  const pending = request({ state: 'pending', decidedAt: null, approvalExpiresAt: null });
  const otherBits = request({ artifactSha256: 'b'.repeat(64) });
  const cases: Array<[string, TPromotionFacts[], string]> = [
    ['no request', [], 'not_approved'],
    ['pending', [pending], 'not_approved'],
    ['rejected', [request({ state: 'rejected' })], 'not_approved'],
    ['withdrawn', [request({ state: 'withdrawn' })], 'not_approved'],
    ['approved and live', [approved], approved.id],
    ['revoked', [revoked], 'promotion_revoked'],
    ['approved but expired', [expired], 'promotion_expired'],
    ['expires exactly now', [request({ approvalExpiresAt: NOW })], 'promotion_expired'],
    ['approved for other bytes', [otherBits], 'not_approved'],
    ['an older live approval beside a newer pending request', [approved, pending], approved.id],
    ['revoked, then approved again', [revoked, request({ createdAt: at(10), decidedAt: at(11) })], `r${n}`],
  ];
  for (const [name, requests, expected] of cases) {
    const decision = decideDeployment(requests, target, NOW);
    assert.equal(decision.ok ? decision.request.id : decision.code, expected, name);
  }
});

test('serving refusals, as a table', () => {
  const cases: Array<[string, Parameters<typeof servingRefusal>[0], string | null]> = [
    ['live', { state: 'approved', approvalExpiresAt: at(1), revokeReason: null, artifactSha256: SHA }, null],
    ['revoked', { state: 'revoked', approvalExpiresAt: at(1), revokeReason: 'leak', artifactSha256: SHA }, 'approval_revoked'],
    ['expired', { state: 'approved', approvalExpiresAt: at(-1), revokeReason: null, artifactSha256: SHA }, 'approval_expired'],
    ['other bytes', { state: 'approved', approvalExpiresAt: at(1), revokeReason: null, artifactSha256: 'b'.repeat(64) }, 'not_deployed'],
  ];
  for (const [name, approval, expected] of cases) assert.equal(servingRefusal(approval, target, NOW.getTime())?.code ?? null, expected, name);
  assert.match(servingRefusal(cases[1]![1], target, NOW.getTime())!.message, /leak/);
});
