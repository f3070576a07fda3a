import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  FAILURE_CODES,
  PAYLOAD_TYPE,
  verifyAttestation,
  type TAttestationExpectations,
  type TAttestationFailureCode,
  type TDsseEnvelope,
  type TStatement,
} from '@/cli/verify-attestation.mjs';
import { keyIdOf } from '@/server/audit/keys';
import { toAttestationJwks } from './jwks';
import { signDsse, signStatement, type TAttestationSigner } from './sign';
import { buildPromotionStatement, type TPromotionAttestationFacts } from './statement';

const DECIDED = new Date('2025-03-01T09:00:00Z');
const later = (days: number) => new Date(DECIDED.getTime() + days * 86_400_000);
const SHA = 'ab'.repeat(32);

function makeKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const signer: TAttestationSigner = { id: keyIdOf(publicKey), privateKey };
  return { signer, pem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}
const ACTIVE = makeKey();
const RETIRED = makeKey(); // rotated out a week before DECIDED
const SECOND = makeKey();
const STRANGER = makeKey(); // not in the JWKS
const JWKS = toAttestationJwks([
  { publicKeyPem: RETIRED.pem, retiredAt: later(-7) },
  { publicKeyPem: ACTIVE.pem, retiredAt: null },
  { publicKeyPem: SECOND.pem, retiredAt: null },
]);

const FACTS: TPromotionAttestationFacts = {
  requestId: 'req-42',
  artifact: { name: 'fraud-scorer-3.onnx', sha256: SHA },
  model: 'fraud-scorer',
  version: 3,
  environment: 'production',
  policy: { id: 'policy-production', version: 2 },
  approvers: [
    { name: 'Grace Officer', email: 'grace@example.com', roles: ['governance_officer'], decidedAt: later(-0.1) },
    { name: 'Ml Engineer', email: 'ml@example.com', roles: ['ml_engineer', 'data_owner'], decidedAt: DECIDED },
  ],
  decidedAt: DECIDED,
  expiresAt: later(30),
  trainingCodeHash: '1'.repeat(40),
  predictionCodeHash: '2'.repeat(40),
};
const STATEMENT = buildPromotionStatement(FACTS);
const ENVELOPE = signStatement(STATEMENT, [ACTIVE.signer]);
const EXPECT: TAttestationExpectations = { artifactSha256: SHA, environment: 'production', model: 'fraud-scorer', version: 3, now: later(1) };

/** An envelope signed by ACTIVE over an edited statement. */
const signedEdit = (edit: (st: Record<string, unknown>) => void) => {
  const st = structuredClone(STATEMENT) as unknown as Record<string, unknown>;
  edit(st);
  return signStatement(st as unknown as TStatement, [ACTIVE.signer]);
};
/** ENVELOPE with its payload edited after signing. */
const tampered = (edit: (st: TStatement) => void): TDsseEnvelope => {
  const st = structuredClone(STATEMENT);
  edit(st);
  return { ...ENVELOPE, payload: Buffer.from(JSON.stringify(st)).toString('base64') };
};
const payloadBytes = Buffer.from(JSON.stringify(STATEMENT));
const predicate = (st: Record<string, unknown>) => st.predicate as Record<string, unknown>;

const MUST_FAIL: { name: string; envelope: unknown; code: TAttestationFailureCode; jwks?: unknown; expect?: TAttestationExpectations }[] = [
  { name: 'signed by another key under a trusted keyid', envelope: signStatement(STATEMENT, [{ ...STRANGER.signer, id: ACTIVE.signer.id }]), code: 'bad-signature' },
  { name: 'unknown key id', envelope: signStatement(STATEMENT, [STRANGER.signer]), code: 'unknown-key' },
  { name: 'trusted key missing from an older JWKS', envelope: signStatement(STATEMENT, [SECOND.signer]), jwks: toAttestationJwks([{ publicKeyPem: ACTIVE.pem, retiredAt: null }]), code: 'unknown-key' },
  { name: 'tampered payload (environment)', envelope: tampered((st) => (st.predicate.environment = 'staging')), code: 'bad-signature', expect: { now: later(1) } },
  { name: 'tampered subject digest', envelope: tampered((st) => (st.subject[0]!.digest.sha256 = 'cd'.repeat(32))), code: 'bad-signature' },
  { name: 'tampered expiry', envelope: tampered((st) => (st.predicate.expiresAt = later(3650).toISOString())), code: 'bad-signature' },
  { name: 'signature over a different payloadType', envelope: { ...signDsse('application/json', payloadBytes, [ACTIVE.signer]), payloadType: PAYLOAD_TYPE }, code: 'bad-signature' },
  { name: 'envelope of a different payloadType', envelope: signDsse('application/json', payloadBytes, [ACTIVE.signer]), code: 'wrong-payload-type' },
  { name: 'truncated signature', envelope: { ...ENVELOPE, signatures: [{ keyid: ACTIVE.signer.id, sig: ENVELOPE.signatures[0]!.sig.slice(0, 40) }] }, code: 'bad-signature' },
  { name: 'wrong environment', envelope: ENVELOPE, expect: { ...EXPECT, environment: 'staging' }, code: 'environment-mismatch' },
  { name: 'wrong model', envelope: ENVELOPE, expect: { ...EXPECT, model: 'churn' }, code: 'model-mismatch' },
  { name: 'wrong version', envelope: ENVELOPE, expect: { ...EXPECT, version: 4 }, code: 'version-mismatch' },
  { name: 'another artifact', envelope: ENVELOPE, expect: { ...EXPECT, artifactSha256: 'cd'.repeat(32) }, code: 'subject-mismatch' },
  { name: 'expired', envelope: ENVELOPE, expect: { ...EXPECT, now: later(31) }, code: 'expired' },
  { name: 'expired at exactly expiresAt', envelope: ENVELOPE, expect: { ...EXPECT, now: later(30) }, code: 'expired' },
  { name: 'revoked', envelope: ENVELOPE, expect: { ...EXPECT, revokedIds: ['req-7', 'req-42'] }, code: 'revoked' },
  { name: 'two signatures by the same key count once', envelope: signStatement(STATEMENT, [ACTIVE.signer, ACTIVE.signer]), expect: { ...EXPECT, threshold: 2 }, code: 'threshold-not-met' },
  { name: 'a bad second signature does not reach the threshold', envelope: signStatement(STATEMENT, [ACTIVE.signer, { ...STRANGER.signer, id: SECOND.signer.id }]), expect: { ...EXPECT, threshold: 2 }, code: 'threshold-not-met' },
  { name: 'signed by a key retired before the decision', envelope: signStatement(STATEMENT, [RETIRED.signer]), code: 'key-retired' },
  { name: 'not JSON', envelope: '{"payloadType": ', code: 'malformed-envelope' },
  { name: 'a JSON array', envelope: '[]', code: 'malformed-envelope' },
  { name: 'missing payload', envelope: { payloadType: PAYLOAD_TYPE, signatures: ENVELOPE.signatures }, code: 'malformed-envelope' },
  { name: 'missing payloadType', envelope: { payload: ENVELOPE.payload, signatures: ENVELOPE.signatures }, code: 'malformed-envelope' },
  { name: 'empty signatures', envelope: { ...ENVELOPE, signatures: [] }, code: 'malformed-envelope' },
  { name: 'signature without keyid', envelope: { ...ENVELOPE, signatures: [{ sig: ENVELOPE.signatures[0]!.sig }] }, code: 'malformed-envelope' },
  { name: 'bad base64 payload', envelope: { ...ENVELOPE, payload: `${ENVELOPE.payload.slice(0, 20)}!*${ENVELOPE.payload.slice(20)}` }, code: 'malformed-envelope' },
  { name: 'bad base64 signature', envelope: { ...ENVELOPE, signatures: [{ keyid: ACTIVE.signer.id, sig: 'not base64 at all' }] }, code: 'malformed-envelope' },
  { name: 'payload is not JSON', envelope: signDsse(PAYLOAD_TYPE, Buffer.from('hello'), [ACTIVE.signer]), code: 'not-in-toto-statement' },
  { name: 'payload is not an in-toto statement', envelope: signedEdit((st) => (st._type = 'https://in-toto.io/Statement/v0.1')), code: 'not-in-toto-statement' },
  { name: 'statement without a sha256 subject', envelope: signedEdit((st) => (st.subject = [{ name: 'x', digest: { sha512: 'ab' } }])), code: 'not-in-toto-statement' },
  { name: 'wrong predicateType', envelope: signedEdit((st) => (st.predicateType = 'https://slsa.dev/provenance/v1')), code: 'wrong-predicate-type' },
  { name: 'predicate without approvers', envelope: signedEdit((st) => (predicate(st).approvers = [])), code: 'malformed-predicate' },
  { name: 'predicate with a non-ISO expiry', envelope: signedEdit((st) => (predicate(st).expiresAt = 'next year')), code: 'malformed-predicate' },
  { name: 'a JWKS that is not one', envelope: ENVELOPE, jwks: { keys: [{ kty: 'RSA', kid: 'x' }] }, code: 'malformed-jwks' },
];

for (const c of MUST_FAIL) {
  test(`verifyAttestation rejects: ${c.name}`, () => {
    const result = verifyAttestation(c.envelope, c.jwks ?? JWKS, c.expect ?? EXPECT);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, c.code, !result.ok ? result.reason : 'verified');
  });
}

test('every failure code has a must-fail case', () => {
  assert.deepEqual(new Set(MUST_FAIL.map((c) => c.code)), new Set(FAILURE_CODES));
});

test('verifyAttestation accepts: the statement, as JSON text, with every expectation met', () => {
  const result = verifyAttestation(JSON.stringify(ENVELOPE), JWKS, EXPECT);
  assert.ok(result.ok, !result.ok ? result.reason : '');
  assert.deepEqual(result.statement, STATEMENT);
  assert.deepEqual(result.keyIds, [ACTIVE.signer.id]);
});

test('verifyAttestation accepts: a retired key for what it signed before retiring', () => {
  const old = signStatement(buildPromotionStatement({ ...FACTS, decidedAt: later(-30) }), [RETIRED.signer]);
  const result = verifyAttestation(old, JWKS, EXPECT);
  assert.ok(result.ok, !result.ok ? result.reason : '');
});

test('verifyAttestation accepts: two distinct keys meet a threshold of 2; a stranger signature is skipped', () => {
  const envelope = signStatement(STATEMENT, [STRANGER.signer, ACTIVE.signer, SECOND.signer]);
  const result = verifyAttestation(envelope, JWKS, { ...EXPECT, threshold: 2 });
  assert.ok(result.ok, !result.ok ? result.reason : '');
  assert.deepEqual(result.keyIds, [ACTIVE.signer.id, SECOND.signer.id]);
});

test('the CLI verifies, refuses with the reason, and reports usage errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-attestation-'));
  const file = (name: string, content: unknown) => (writeFileSync(join(dir, name), JSON.stringify(content)), join(dir, name));
  const jwks = file('jwks.json', JWKS);
  const live = file('live.json', signStatement(buildPromotionStatement({ ...FACTS, decidedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) }), [ACTIVE.signer]));
  const stale = file('stale.json', ENVELOPE); // expired on 2025-03-31
  const cli = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['cli/bin.mjs', 'verify-attestation', ...args]).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
  const [ok, wrongEnv, expired, usage] = await Promise.all([
    cli(live, '--jwks', jwks, '--artifact-sha256', SHA, '--env', 'production', '--model', 'fraud-scorer', '--model-version', '3'),
    cli(live, '--jwks', jwks, '--env', 'staging'),
    cli(stale, '--jwks', jwks),
    cli(live),
  ]);
  assert.deepEqual([ok.code, wrongEnv.code, expired.code, usage.code], [0, 1, 1, 2], ok.out);
  assert.match(wrongEnv.out, /NOT VERIFIED \(environment-mismatch\): the attestation is for production, not staging/);
  assert.match(expired.out, /NOT VERIFIED \(expired\)/);
  assert.match(usage.out, /--jwks is required/);
  assert.match(ok.out, /verified: fraud-scorer v3 approved for production/);
});
