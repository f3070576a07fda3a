// Types for the plain-JavaScript verifier, so TypeScript callers (tests, bench) can import it.
export type TVerifyResult =
  | { ok: true; events: number; checkpoints: number; fromSeq: number; toSeq: number; headHash: string }
  | { ok: false; line: number; seq: number | null; reason: string; events: number; checkpoints: number };

export interface TVerifyOptions {
  /** Raw Ed25519 public keys (base64url) every checkpoint must be signed with; see rawKeyOfPem. */
  trustedKeys?: string[];
  /** The log must have at least this many events (a size seen before). */
  minSize?: number;
  /** Checkpoint lines seen before; the export must agree with them and not end before them. */
  priorCheckpoints?: string[];
}

export function verifyAuditExport(path: string, options?: TVerifyOptions): Promise<TVerifyResult>;
export function rawKeyOfPem(pem: string): string;
export function main(argv: string[]): Promise<number>;
