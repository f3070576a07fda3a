import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Decodes Base58 to bytes, or null on a character outside the alphabet. */
function decodeBase58(s: string): Uint8Array | null {
  let n = 0n;
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const ch of s) {
    if (ch !== '1') break;
    bytes.unshift(0); // each leading '1' is a leading zero byte
  }
  return Uint8Array.from(bytes);
}

/** Base58Check (Bitcoin legacy/P2SH addresses): the last 4 bytes are the first 4 of sha256(sha256(payload)). */
export function base58CheckValid(s: string): boolean {
  const bytes = decodeBase58(s);
  if (!bytes || bytes.length < 5) return false;
  const payload = bytes.subarray(0, bytes.length - 4);
  const checksum = sha256(sha256(payload)).subarray(0, 4);
  return checksum.equals(bytes.subarray(bytes.length - 4));
}
