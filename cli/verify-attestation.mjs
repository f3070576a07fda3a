#!/usr/bin/env node
// modelgate verify-attestation: the offline verifier for Modelgate approval attestations. It
// uses only node built-ins, so a pipeline or an auditor can copy this one file and run
// `node verify-attestation.mjs <envelope.json> --jwks <jwks.json>`. The server signs with
// the same PAE and constants (server/attestations/sign.ts imports them from here).
//
// Format: a DSSE envelope {"payloadType":"application/vnd.in-toto+json","payload":<base64>,
// "signatures":[{"keyid","sig":<base64 Ed25519 over PAE(payloadType, payload)>}]} whose payload
// is an in-toto Statement v1: subject [{name, digest:{sha256}}] (the model artifact),
// predicateType https://modelgate.dev/attestation/promotion/v1, predicate {requestId, model,
// version, environment, policy{id,version}, approvers[{name,email,roles,decidedAt}],
// decidedAt, expiresAt, code{training,prediction}}.
// Keys: a JWKS of Ed25519 OKP keys; a rotated-out key carries "retiredAt" and still verifies
// attestations decided before that time.
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PROMOTION_PREDICATE_TYPE = 'https://modelgate.dev/attestation/promotion/v1';

export const FAILURE_CODES = [
  'malformed-jwks',
  'malformed-envelope',
  'wrong-payload-type',
  'unknown-key',
  'bad-signature',
  'key-retired',
  'threshold-not-met',
  'not-in-toto-statement',
  'wrong-predicate-type',
  'malformed-predicate',
  'subject-mismatch',
  'model-mismatch',
  'version-mismatch',
  'environment-mismatch',
  'revoked',
  'expired',
];

const SHA256_HEX = /^[0-9a-f]{64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

class Failure extends Error {
  constructor(code, reason) {
    super(reason);
    this.code = code;
  }
}

function fail(code, reason) {
  throw new Failure(code, reason);
}

/** DSSE pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body, lengths in bytes. */
export function pae(payloadType, payload) {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

/** Strict base64 (standard or URL-safe alphabet, padding optional): Buffer.from alone skips junk. */
function decodeBase64(text, what) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) fail('malformed-envelope', `${what} is not base64`);
  const bytes = Buffer.from(text, 'base64');
  const canonical = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (bytes.toString('base64').replace(/=+$/, '') !== canonical) fail('malformed-envelope', `${what} is not base64`);
  return bytes;
}

/** kid → { key, retiredAt (ms) or null }. The JWKS is the trust root: only its keys count. */
function parseJwks(jwks) {
  if (!Array.isArray(jwks?.keys)) fail('malformed-jwks', 'the JWKS has no "keys" array');
  const keys = new Map();
  for (const [i, jwk] of jwks.keys.entries()) {
    if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.kid !== 'string' || typeof jwk.x !== 'string') {
      fail('malformed-jwks', `JWKS key ${i} is not an Ed25519 key with a kid`);
    }
    if (Buffer.from(jwk.x, 'base64url').length !== 32) fail('malformed-jwks', `JWKS key ${jwk.kid} does not hold 32 bytes`);
    const retiredAt = jwk.retiredAt === undefined ? null : Date.parse(jwk.retiredAt);
    if (Number.isNaN(retiredAt)) fail('malformed-jwks', `JWKS key ${jwk.kid} has an invalid retiredAt`);
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    keys.set(jwk.kid, { key, retiredAt });
  }
  return keys;
}

function parseEnvelope(envelope) {
  let env = envelope;
  if (typeof env === 'string') {
    try {
      env = JSON.parse(env);
    } catch {
      fail('malformed-envelope', 'the envelope is not JSON');
    }
  }
  if (typeof env !== 'object' || env === null || Array.isArray(env)) fail('malformed-envelope', 'the envelope is not a JSON object');
  if (typeof env.payloadType !== 'string') fail('malformed-envelope', 'the envelope has no payloadType');
  const payload = decodeBase64(env.payload, 'the payload');
  if (!Array.isArray(env.signatures) || env.signatures.length === 0) fail('malformed-envelope', 'the envelope has no signatures');
  const signatures = env.signatures.map((s, i) => {
    if (typeof s?.keyid !== 'string') fail('malformed-envelope', `signature ${i} has no keyid`);
    return { keyid: s.keyid, sig: decodeBase64(s.sig, `signature ${i}`) };
  });
  return { payloadType: env.payloadType, payload, signatures };
}

/** The distinct trusted keys whose signatures over PAE(payloadType, payload) verify. */
function verifiedKeyIds(envelope, keys) {
  const message = pae(envelope.payloadType, envelope.payload);
  const valid = new Set();
  let known = 0;
  for (const { keyid, sig } of envelope.signatures) {
    const entry = keys.get(keyid);
    if (!entry) continue;
    known++;
    if (verify(null, message, entry.key, sig)) valid.add(keyid);
  }
  if (known === 0) fail('unknown-key', `no signature is by a key in the JWKS (keyids: ${envelope.signatures.map((s) => s.keyid).join(', ')})`);
  if (valid.size === 0) fail('bad-signature', 'no signature verifies over this payload and payload type');
  return valid;
}

function parseStatement(payload) {
  let st;
  try {
    st = JSON.parse(payload.toString('utf8'));
  } catch {
    fail('not-in-toto-statement', 'the payload is not JSON');
  }
  if (st?._type !== STATEMENT_TYPE) fail('not-in-toto-statement', `the payload's _type is not ${STATEMENT_TYPE}`);
  const subjectsOk =
    Array.isArray(st.subject) &&
    st.subject.length > 0 &&
    st.subject.every((s) => typeof s?.name === 'string' && SHA256_HEX.test(s.digest?.sha256));
  if (!subjectsOk) fail('not-in-toto-statement', 'the statement needs subjects with a name and a sha256 digest');
  if (st.predicateType !== PROMOTION_PREDICATE_TYPE) fail('wrong-predicate-type', `predicateType is ${JSON.stringify(st.predicateType)}, not ${PROMOTION_PREDICATE_TYPE}`);
  checkPredicate(st.predicate);
  return st;
}

function checkPredicate(p) {
  const str = (v) => typeof v === 'string' && v.length > 0;
  const time = (v) => typeof v === 'string' && ISO_TIME.test(v) && !Number.isNaN(Date.parse(v));
  const problems = [
    [str(p?.requestId), 'requestId'],
    [str(p?.model), 'model'],
    [Number.isSafeInteger(p?.version) && p.version > 0, 'version'],
    [str(p?.environment), 'environment'],
    [str(p?.policy?.id) && Number.isSafeInteger(p.policy.version), 'policy'],
    [
      Array.isArray(p?.approvers) &&
        p.approvers.length > 0 &&
        p.approvers.every((a) => str(a?.name) && str(a.email) && Array.isArray(a.roles) && a.roles.every(str) && time(a.decidedAt)),
      'approvers',
    ],
    [time(p?.decidedAt), 'decidedAt'],
    [time(p?.expiresAt), 'expiresAt'],
    [str(p?.code?.training) && str(p.code.prediction), 'code'],
  ].filter(([ok]) => !ok);
  if (problems.length > 0) fail('malformed-predicate', `the predicate has a missing or malformed ${problems.map(([, name]) => name).join(', ')}`);
}

/**
 * Verifies a DSSE-enveloped promotion attestation against a JWKS and what the caller expects
 * it to approve. `envelope` is the JSON text or the parsed object. Never throws on bad input:
 * the result carries a failure code (FAILURE_CODES) and a reason.
 */
export function verifyAttestation(envelope, jwks, expectations = {}) {
  try {
    const keys = parseJwks(jwks);
    const env = parseEnvelope(envelope);
    if (env.payloadType !== PAYLOAD_TYPE) fail('wrong-payload-type', `payloadType is ${JSON.stringify(env.payloadType)}, not ${PAYLOAD_TYPE}`);
    const signedBy = verifiedKeyIds(env, keys);
    // Parsed only once a trusted key has vouched for the bytes.
    const statement = parseStatement(env.payload);
    const p = statement.predicate;
    const decidedAt = Date.parse(p.decidedAt);
    // A retired key vouches only for what was decided before it was retired.
    const keyIds = [...signedBy].filter((kid) => {
      const retiredAt = keys.get(kid).retiredAt;
      return retiredAt === null || decidedAt < retiredAt;
    });
    if (keyIds.length === 0) fail('key-retired', `signed only by key(s) ${[...signedBy].join(', ')}, retired before the decision at ${p.decidedAt}`);
    const threshold = expectations.threshold ?? 1;
    if (keyIds.length < threshold) fail('threshold-not-met', `${keyIds.length} distinct key(s) signed; ${threshold} required`);

    const { artifactSha256, model, version, environment } = expectations;
    if (artifactSha256 !== undefined && !statement.subject.some((s) => s.digest.sha256 === artifactSha256.toLowerCase())) {
      fail('subject-mismatch', `the attestation is for sha256 ${statement.subject.map((s) => s.digest.sha256).join(', ')}, not ${artifactSha256}`);
    }
    if (model !== undefined && p.model !== model) fail('model-mismatch', `the attestation is for model ${p.model}, not ${model}`);
    if (version !== undefined && p.version !== Number(version)) fail('version-mismatch', `the attestation is for version ${p.version}, not ${version}`);
    if (environment !== undefined && p.environment !== environment) fail('environment-mismatch', `the attestation is for ${p.environment}, not ${environment}`);
    if (expectations.revokedIds?.includes(p.requestId)) fail('revoked', `the approval of request ${p.requestId} was revoked`);
    const now = expectations.now === undefined ? Date.now() : new Date(expectations.now).getTime();
    if (now >= Date.parse(p.expiresAt)) fail('expired', `the approval expired at ${p.expiresAt}`);
    return { ok: true, statement, keyIds };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, code: error.code, reason: error.message };
    throw error;
  }
}

const USAGE =
  'usage: modelgate verify-attestation <envelope.json> --jwks <jwks.json> [--artifact-sha256 <hex>] [--env <environment>]\n' +
  '         [--model <name>] [--model-version <n>] [--revoked <request id>]... [--threshold <n>]';

/** The CLI: exit 0 verified, 1 not verified (with the code and reason), 2 usage or unreadable input. */
export async function main(argv) {
  let file, jwks, values;
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        jwks: { type: 'string' },
        'artifact-sha256': { type: 'string' },
        env: { type: 'string' },
        model: { type: 'string' },
        'model-version': { type: 'string' },
        revoked: { type: 'string', multiple: true },
        threshold: { type: 'string' },
      },
    });
    values = parsed.values;
    if (parsed.positionals.length !== 1) throw new Error('expected one envelope file');
    if (!values.jwks) throw new Error('--jwks is required');
    for (const flag of ['model-version', 'threshold']) {
      if (values[flag] !== undefined && !/^[1-9]\d*$/.test(values[flag])) throw new Error(`--${flag} must be a positive integer`);
    }
    file = readFileSync(parsed.positionals[0], 'utf8');
    jwks = JSON.parse(readFileSync(values.jwks, 'utf8'));
  } catch (error) {
    console.error(`verify-attestation: ${error.message}\n${USAGE}`);
    return 2;
  }
  const result = verifyAttestation(file, jwks, {
    artifactSha256: values['artifact-sha256'],
    environment: values.env,
    model: values.model,
    version: values['model-version'] === undefined ? undefined : Number(values['model-version']),
    revokedIds: values.revoked,
    threshold: values.threshold === undefined ? undefined : Number(values.threshold),
  });
  if (!result.ok) {
    if (result.code === 'malformed-jwks') {
      console.error(`verify-attestation: ${result.reason}`);
      return 2;
    }
    console.log(`NOT VERIFIED (${result.code}): ${result.reason}`);
    return 1;
  }
  const p = result.statement.predicate;
  const approvers = p.approvers.map((a) => `${a.name} <${a.email}> (${a.roles.join(', ')})`).join('; ');
  console.log(
    `verified: ${p.model} v${p.version} approved for ${p.environment} at ${p.decidedAt}, expires ${p.expiresAt}\n` +
      `  artifact ${result.statement.subject.map((s) => `${s.name} sha256:${s.digest.sha256}`).join(', ')}\n` +
      `  approvers ${approvers}\n  signed by ${result.keyIds.join(', ')}; request ${p.requestId}, policy ${p.policy.id} v${p.policy.version}`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
