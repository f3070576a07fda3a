import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_PASSWORD } from '@/db/seed/demo';
import { buildClassifierModel } from '@/server/onnx/demo-models';
import { METADATA_HEADER } from '@/server/rest/read-upload';
import { sha256, storedFiles, uploadForm, versionMetadata } from '../helpers/catalog';
import { startPortal, type TPortal } from '../helpers/portal';
import { createTokenOverHttp } from '../helpers/portal-session';

const MODEL = 'credit-default-classifier';
// Leftover temp files are swept at start-up once older than this.
const ENV = { MODELGATE_UPLOAD_TEMP_TTL_MS: '0' };
// The restarted portal has a small upload limit for the oversized-upload test.
const LIMIT = 1024 * 1024;
const portals: TPortal[] = [];
let token: string;
after(async () => {
  // The restarted portal first: the killed one owns the data folder and database.
  for (const p of portals.reverse()) await p.stop();
});

/** Streams a raw upload 1 MiB at a time until `stop` says so; resolves when the connection ends (it will be cut). */
function slowUpload(portal: TPortal, stop: { now: boolean }): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${portal.url}/api/v1/models/${MODEL}/versions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        [METADATA_HEADER]: Buffer.from(JSON.stringify(versionMetadata({ format: 'other' }))).toString('base64url'),
      },
    });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    (async () => {
      while (!stop.now && !req.destroyed) {
        req.write(randomBytes(1024 * 1024));
        await sleep(50);
      }
    })();
  });
}

async function versionsOf(portal: TPortal): Promise<{ version: number; artifactSha256: string }[]> {
  const res = await fetch(`${portal.url}/api/v1/models/${MODEL}/versions?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { versions: { version: number; artifactSha256: string }[] }).versions;
}

test('a portal killed mid-upload leaves no version and no partial file the catalog references', async () => {
  const first = await startPortal(ENV);
  portals.push(first);
  token = await createTokenOverHttp(first, 'scientist@modelgate.local', DEMO_PASSWORD, ['models:read', 'models:write']);
  const before = await versionsOf(first);

  const stop = { now: false };
  const upload = slowUpload(first, stop);
  // Wait until the upload is being written to a temp file, then kill the server without warning.
  let partial: string | undefined;
  for (let i = 0; i < 200 && !partial; i++) {
    await sleep(50);
    const temp = (await storedFiles(first.dataDir)).find((f) => f.startsWith('.tmp/'));
    if (temp && (await stat(join(first.dataDir, 'artifacts', temp))).size >= 4 * 1024 * 1024) partial = temp;
  }
  assert.ok(partial, 'the upload reached the store');
  first.process.kill('SIGKILL');
  await new Promise((resolve) => first.process.once('exit', resolve));
  stop.now = true;
  await upload;
  assert.ok((await storedFiles(first.dataDir)).includes(partial), 'the crash left a partial temp file');

  const second = await startPortal({ ...ENV, MODELGATE_MAX_ARTIFACT_BYTES: String(LIMIT) }, { dataDir: first.dataDir, databaseUrl: first.databaseUrl });
  portals.push(second);
  assert.deepEqual(await versionsOf(second), before, 'no version row came from the broken upload');

  // The next registration works, and opening the store swept the crashed upload's temp file.
  const next = buildClassifierModel(21);
  const res = await fetch(`${second.url}/api/v1/models/${MODEL}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: uploadForm(versionMetadata(), next),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const files = await storedFiles(second.dataDir);
  assert.deepEqual(files.filter((f) => f.startsWith('.tmp/')), [], 'temp files swept');
  // Every stored file is a complete artifact named by its own hash, and each version's artifact is one of them.
  for (const file of files) assert.equal(sha256(await readFile(join(second.dataDir, 'artifacts', file))), file.split('/').at(-1));
  const versions = await versionsOf(second);
  assert.equal(versions.length, before.length + 1);
  for (const v of versions) assert.ok(files.some((f) => f.endsWith(v.artifactSha256)), `artifact of v${v.version} is stored`);
});

test('an upload streamed past the limit through the server is refused with 413 and leaves nothing', async () => {
  const portal = portals.at(-1)!;
  const before = { versions: await versionsOf(portal), files: await storedFiles(portal.dataDir) };
  let sent = 0;
  // No Content-Length: the server only finds out while writing.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if ((sent += 256 * 1024) > 8 * LIMIT) controller.close();
      else controller.enqueue(randomBytes(256 * 1024));
    },
  });
  const res = await fetch(`${portal.url}/api/v1/models/${MODEL}/versions`, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream',
      [METADATA_HEADER]: Buffer.from(JSON.stringify(versionMetadata())).toString('base64url'),
    },
  } as RequestInit);
  assert.equal(res.status, 413);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'payload_too_large');
  assert.deepEqual({ versions: await versionsOf(portal), files: await storedFiles(portal.dataDir) }, before);
});
