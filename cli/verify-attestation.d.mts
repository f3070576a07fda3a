// Types for the plain-JavaScript attestation verifier: the format is defined there, and the
// server signs with its PAE and constants.
export const PAYLOAD_TYPE: 'application/vnd.in-toto+json';
export const STATEMENT_TYPE: 'https://in-toto.io/Statement/v1';
export const PROMOTION_PREDICATE_TYPE: 'https://modelgate.dev/attestation/promotion/v1';

export type TAttestationFailureCode =
  | 'malformed-jwks'
  | 'malformed-envelope'
  | 'wrong-payload-type'
  | 'unknown-key'
  | 'bad-signature'
  | 'key-retired'
  | 'threshold-not-met'
  | 'not-in-toto-statement'
  | 'wrong-predicate-type'
  | 'malformed-predicate'
  | 'subject-mismatch'
  | 'model-mismatch'
  | 'version-mismatch'
  | 'environment-mismatch'
  | 'revoked'
  | 'expired';
export const FAILURE_CODES: readonly TAttestationFailureCode[];

export interface TAttestationApprover {
  name: string;
  email: string;
  roles: string[];
  decidedAt: string;
}

export interface TPromotionPredicate {
  requestId: string;
  model: string;
  version: number;
  environment: string;
  policy: { id: string; version: number };
  approvers: TAttestationApprover[];
  /** When the request became approved (ISO 8601, UTC). */
  decidedAt: string;
  expiresAt: string;
  /** Git commit or content SHA-256 of the training and prediction code. */
  code: { training: string; prediction: string };
}

export interface TStatement {
  _type: typeof STATEMENT_TYPE;
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: typeof PROMOTION_PREDICATE_TYPE;
  predicate: TPromotionPredicate;
}

export interface TDsseEnvelope {
  payloadType: string;
  /** Standard base64 of the statement's bytes. */
  payload: string;
  signatures: { keyid: string; sig: string }[];
}

/** An Ed25519 public key as served in the attestation JWKS; retiredAt marks a rotated-out key. */
export interface TAttestationJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
  retiredAt?: string;
}

export interface TAttestationExpectations {
  artifactSha256?: string;
  environment?: string;
  model?: string;
  version?: number;
  /** Default: the current time. */
  now?: Date | string | number;
  /** Promotion request ids whose approval was revoked. */
  revokedIds?: string[];
  /** Distinct trusted keys that must have signed; default 1. */
  threshold?: number;
}

export type TVerifyAttestationResult =
  | { ok: true; statement: TStatement; keyIds: string[] }
  | { ok: false; code: TAttestationFailureCode; reason: string };

export function pae(payloadType: string, payload: Buffer): Buffer;
export function verifyAttestation(envelope: unknown, jwks: unknown, expectations?: TAttestationExpectations): TVerifyAttestationResult;
export function main(argv: string[]): Promise<number>;
