import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { LocalArtifactStore } from './local-artifact-store';

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function newStore(maxBytes?: number) {
  const root = await mkdtemp(join(tmpdir(), 'mg-artifacts-'));
  roots.push(root);
  return { root, store: new LocalArtifactStore(root, { maxBytes }) };
}

async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part);
}

/** Every file under `root`, as paths relative to it. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const code = (expected: string) => (error: unknown) => (error as { code?: string }).code === expected;

test('put then open round-trips the bytes under a hash-derived key', async () => {
  const { root, store } = await newStore();
  const hash = sha256('hello, model');
  const result = await store.put(chunks('hello, ', 'model'));
  assert.deepEqual(result, { sha256: hash, size: 12, key: `${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`, deduplicated: false });
  assert.equal(await readFile(join(root, result.key), 'utf8'), 'hello, model');
  assert.equal(await text(await store.open(hash)), 'hello, model');
  assert.deepEqual(await store.stat(hash), { sha256: hash, size: 12, key: result.key });
  assert.equal(await store.has(hash), true);
  assert.equal(await store.has(sha256('other')), false);
  assert.equal(await store.stat(sha256('other')), null);
  await assert.rejects(store.open(sha256('other')), code('not_found'));
});

test('identical bytes are stored once', async () => {
  const { root, store } = await newStore();
  const first = await store.put(chunks('same bytes'));
  const second = await store.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]));
  assert.equal(second.deduplicated, true);
  assert.equal(second.key, first.key);
  assert.deepEqual(await filesUnder(root), [first.key]);
});

test('an upload over the limit is refused and its partial file removed', async () => {
  const { root, store } = await newStore(10);
  let sourceClosed = false;
  async function* oversized() {
    try {
      for (;;) yield Buffer.alloc(6);
    } finally {
      sourceClosed = true;
    }
  }
  await assert.rejects(store.put(oversized()), code('payload_too_large'));
  assert.equal(sourceClosed, true);
  assert.deepEqual(await filesUnder(root), []);
  // A per-call limit overrides the store's.
  assert.equal((await store.put(chunks('twelve bytes'), { maxBytes: 12 })).size, 12);
});

test('a failing or aborted source leaves nothing behind', async () => {
  const { root, store } = await newStore();
  async function* breaksMidway() {
    yield Buffer.from('partial');
    throw new Error('connection reset');
  }
  await assert.rejects(store.put(breaksMidway()), /connection reset/);

  const controller = new AbortController();
  const stalled = new Readable({ read() {} });
  stalled.push(Buffer.from('first chunk'));
  const upload = store.put(stalled, { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(upload, { name: 'AbortError' });
  assert.deepEqual(await filesUnder(root), []);
});

test('a file changed on disk fails verification when read', async () => {
  const { root, store } = await newStore();
  const { sha256: hash, key } = await store.put(chunks('original weights'));
  await writeFile(join(root, key), 'tampered weights');
  await assert.rejects(text(await store.open(hash)), code('hash_mismatch'));
});

test('only lowercase hex SHA-256 values are accepted as addresses', async () => {
  const { store } = await newStore();
  for (const bad of ['../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(62)}/x`]) {
    await assert.rejects(store.open(bad), code('invalid_hash'));
    await assert.rejects(store.has(bad), code('invalid_hash'));
  }
});

test('a process killed mid-upload leaves only a sweepable temp file', async () => {
  const { root, store } = await newStore();
  const script = fileURLToPath(new URL('./test-fixtures/slow-upload.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, root], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  await once(child.stdout, 'data'); // at least one chunk is on disk
  child.kill('SIGKILL');
  const [, signal] = await exited;
  assert.equal(signal, 'SIGKILL');

  const leftovers = await filesUnder(root);
  assert.equal(leftovers.length, 1);
  assert.match(leftovers[0] ?? '', /^\.tmp\/upload-[0-9a-f]+\.part$/);
  assert.equal(await store.sweepTempFiles(60_000), 0, 'a fresh temp file may still be a live upload');
  assert.equal(await store.sweepTempFiles(0), 1);
  assert.deepEqual(await filesUnder(root), []);
});

test('a staged upload is invisible until committed, and discarding leaves nothing', async () => {
  const { root, store } = await newStore();
  const discarded = await store.stage(chunks('not wanted'));
  assert.equal(await readFile(discarded.path, 'utf8'), 'not wanted');
  assert.equal(await store.has(discarded.sha256), false);
  await discarded.discard();
  assert.deepEqual(await filesUnder(root), []);

  const staged = await store.stage(chunks('wanted'));
  assert.equal(await store.has(staged.sha256), false);
  const stored = await staged.commit();
  assert.equal(await text(await store.open(stored.sha256)), 'wanted');
  assert.deepEqual(await filesUnder(root), [stored.key]);
});
