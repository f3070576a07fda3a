import { createHash, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, addAbortSignal, pipeline } from 'node:stream';
import {
  DEFAULT_MAX_ARTIFACT_BYTES,
  artifactKey,
  type ArtifactStore,
  type PutOptions,
  type PutResult,
  type StagedArtifact,
  type StoredArtifact,
} from './artifact-store';
import { StorageError } from './errors';
import { hashVerifyingStream } from './hash-verifying-stream';

// Temp files live inside the root so the final rename never crosses filesystems. A name starting
// with '.' can never collide with a two-hex-character shard directory.
const TEMP_DIR = '.tmp';
const TEMP_FILE = /^upload-[0-9a-f]+\.part$/;

export interface LocalArtifactStoreOptions {
  /** Largest accepted upload in bytes (default 2 GiB). */
  maxBytes?: number;
}

/** Stores artifacts as `<root>/ab/cd/<sha256>` files, written durably and atomically. */
export class LocalArtifactStore implements ArtifactStore {
  readonly #root: string;
  readonly #tempDir: string;
  readonly #maxBytes: number;

  constructor(root: string, options: LocalArtifactStoreOptions = {}) {
    this.#root = root;
    this.#tempDir = join(root, TEMP_DIR);
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;
  }

  async put(source: Readable | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<PutResult> {
    const staged = await this.stage(source, options);
    try {
      return await staged.commit();
    } catch (error) {
      await staged.discard();
      throw error;
    }
  }

  async stage(
    source: Readable | AsyncIterable<Uint8Array>,
    { maxBytes = this.#maxBytes, signal }: PutOptions = {},
  ): Promise<StagedArtifact> {
    signal?.throwIfAborted();
    await mkdir(this.#tempDir, { recursive: true });
    const tempPath = join(this.#tempDir, `upload-${randomBytes(12).toString('hex')}.part`);
    const file = await open(tempPath, 'wx');
    try {
      const input = source instanceof Readable ? source : Readable.from(source);
      if (signal) addAbortSignal(signal, input);
      const { sha256, size } = await writeHashed(file, input, maxBytes);
      await file.sync();
      await file.close();
      return {
        sha256,
        size,
        path: tempPath,
        commit: () => this.#commit(tempPath, sha256, size),
        discard: () => rm(tempPath, { force: true }),
      };
    } catch (error) {
      await file.close(); // no-op if already closed
      await rm(tempPath, { force: true });
      throw error;
    }
  }

  async open(sha256: string): Promise<Readable> {
    // Open the file up front so a missing artifact rejects here rather than mid-stream.
    const file = await open(join(this.#root, artifactKey(sha256)), 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new StorageError('not_found', `No artifact with SHA-256 ${sha256}`) : error;
    });
    const verifier = hashVerifyingStream(sha256);
    // pipeline forwards a read error to `verifier`, so consumers see every failure on one stream.
    pipeline(file.createReadStream(), verifier, () => {});
    return verifier;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async stat(sha256: string): Promise<StoredArtifact | null> {
    const key = artifactKey(sha256);
    try {
      const info = await stat(join(this.#root, key));
      return info.isFile() ? { sha256, size: info.size, key } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * Deletes leftovers of uploads that crashed (process killed, power loss). Writes keep an
   * upload's mtime fresh, so `olderThanMs` only needs to exceed the longest pause between chunks.
   * Returns how many files were removed.
   */
  async sweepTempFiles(olderThanMs: number): Promise<number> {
    const names = await readdir(this.#tempDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of names.filter((n) => TEMP_FILE.test(n))) {
      const path = join(this.#tempDir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs <= cutoff) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  async #commit(tempPath: string, sha256: string, size: number): Promise<PutResult> {
    const key = artifactKey(sha256);
    const finalPath = join(this.#root, key);
    if (await this.has(sha256)) {
      await rm(tempPath);
      return { sha256, size, key, deduplicated: true };
    }
    // Two concurrent uploads of the same bytes may both get here; the later rename replaces an
    // identical file, which is harmless.
    const shardDir = dirname(finalPath);
    const createdDir = await mkdir(shardDir, { recursive: true });
    await rename(tempPath, finalPath);
    // The rename is only durable once the directory entry is; new shard directories likewise
    // need their own entries synced in their parents.
    await fsyncDir(shardDir);
    if (createdDir) {
      await fsyncDir(dirname(shardDir));
      await fsyncDir(this.#root);
    }
    return { sha256, size, key, deduplicated: false };
  }
}

/** Copies `input` into `file` while hashing, without buffering more than one chunk. */
async function writeHashed(
  file: FileHandle,
  input: Readable,
  maxBytes: number,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of input) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('Artifact streams must yield bytes');
    size += chunk.byteLength;
    if (size > maxBytes) {
      // Leaving the loop destroys `input`, so the rest of the payload is not read.
      throw new StorageError('payload_too_large', `Artifact exceeds the limit of ${maxBytes} bytes`);
    }
    hash.update(chunk);
    for (let offset = 0; offset < chunk.byteLength; ) {
      offset += (await file.write(chunk, offset)).bytesWritten;
    }
  }
  return { sha256: hash.digest('hex'), size };
}

async function fsyncDir(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
