import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAttestation } from '@/cli/verify-attestation.mjs';
import type { TDatabase } from '@/db/client';
import { rotateSigningKey } from '@/server/audit/keys';
import { SYSTEM } from '@/tests/helpers/actors';
import { createTestDatabase } from '@/tests/helpers/db';
import { issuePromotionAttestation } from './issue';
import { loadAttestationJwks } from './jwks';
import type { TPromotionAttestationFacts } from './statement';

let database: TDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

const facts = (decidedAt: Date): TPromotionAttestationFacts => ({
  requestId: `req-${decidedAt.getTime()}`,
  artifact: { name: 'scorer-1.onnx', sha256: 'ef'.repeat(32) },
  model: 'scorer',
  version: 1,
  environment: 'staging',
  policy: { id: 'policy-staging', version: 1 },
  approvers: [{ name: 'Ml Engineer', email: 'ml@example.com', roles: ['ml_engineer'], decidedAt }],
  decidedAt,
  expiresAt: new Date(decidedAt.getTime() + 30 * 86_400_000),
  trainingCodeHash: 'a'.repeat(40),
  predictionCodeHash: 'b'.repeat(40),
});

test('attestations issued before and after a key rotation both verify against the served JWKS', async () => {
  const before = await issuePromotionAttestation(database.db, facts(new Date(Date.now() - 60_000)));
  await rotateSigningKey(database.db, SYSTEM, 'attestation');
  const afterRotation = await issuePromotionAttestation(database.db, facts(new Date()));
  const jwks = await loadAttestationJwks(database.db);

  assert.equal(jwks.keys.length, 2);
  assert.ok(jwks.keys[0]!.retiredAt, 'the first key is marked retired');
  assert.equal(jwks.keys[1]!.retiredAt, undefined);
  for (const [envelope, key] of [[before, jwks.keys[0]!], [afterRotation, jwks.keys[1]!]] as const) {
    const result = verifyAttestation(envelope, jwks, { environment: 'staging' });
    assert.ok(result.ok, !result.ok ? result.reason : '');
    assert.deepEqual(result.keyIds, [key.kid]);
  }
});
