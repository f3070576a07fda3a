import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { StorageError } from './errors';

/** Passes bytes through unchanged and fails at the end if their SHA-256 is not `expected`. */
export function hashVerifyingStream(expected: string): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const actual = hash.digest('hex');
      callback(
        actual === expected
          ? null
          : new StorageError('hash_mismatch', `Stored artifact ${expected} is corrupt (content hashes to ${actual})`),
      );
    },
  });
}
