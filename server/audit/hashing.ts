import { createHash } from 'node:crypto';

/** The chain's first prev_hash. */
export const ZERO_HASH = '0'.repeat(64);
const LEAF_PREFIX = Buffer.from([0]);

/** RFC 6962 leaf rule: SHA-256(0x00 ‖ bytes), so a Merkle tree can be built over the same leaves. */
export function leafHash(body: string): string {
  return createHash('sha256').update(LEAF_PREFIX).update(body, 'utf8').digest('hex');
}

/** chain = SHA-256(previous chain ‖ leaf), over the raw 32-byte digests. */
export function chainHash(prevChainHex: string, leafHex: string): string {
  return createHash('sha256').update(Buffer.from(prevChainHex, 'hex')).update(Buffer.from(leafHex, 'hex')).digest('hex');
}
