import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { modelVersions, registeredModels } from '@/db/schema';
import { buildClassifierModel } from '@/server/onnx/demo-models';
import { dispatchRest } from '@/server/rest/dispatch';
import { METADATA_HEADER } from '@/server/rest/read-upload';
import { serviceContext } from '@/server/services/context';
import { createToken } from '@/server/services/tokens';
import { openAppDatabase } from './helpers/app-database';
import { sha256, storedFiles, uploadForm, versionMetadata } from './helpers/catalog';
import { demoActor } from './helpers/demo-actors';

// Small enough that a test can exceed it, large enough for the demo models.
const MAX_ARTIFACT_BYTES = 64 * 1024;
process.env.MODELGATE_MAX_ARTIFACT_BYTES = String(MAX_ARTIFACT_BYTES);

let database: Awaited<ReturnType<typeof openAppDatabase>>;
let token: string;
let creditRisk: string;
const MODEL = 'credit-default-classifier';

before(async () => {
  database = await openAppDatabase();
  const scientist = await demoActor(database.db, 'data_scientist');
  const [team] = rowsOf<{ id: string }>(await database.db.execute(sql`select id from teams where name = 'Credit Risk'`));
  creditRisk = team!.id;
  token = (await createToken(serviceContext(database.db, scientist), { name: 'ci', scopes: ['models:read', 'models:write'], expiresInDays: 1 })).secret;
});
after(() => database?.cleanup());

async function call(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) {
  const req = new Request(`http://test/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
    body: init.body,
    ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const res = await dispatchRest(req, path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent));
  return { status: res.status, body: (res.headers.get('content-type')?.includes('json') ? await res.json() : await res.arrayBuffer()) as never };
}

const register = (metadata: unknown, artifact: Uint8Array, model = MODEL) =>
  call('POST', `/models/${encodeURIComponent(model)}/versions`, { body: uploadForm(metadata, artifact) });

/** What a refusal must leave untouched: the version rows, the models and every file of the store. */
async function snapshot() {
  return {
    versions: await database.db.select().from(modelVersions),
    models: await database.db.select({ id: registeredModels.id }).from(registeredModels),
    files: await storedFiles(process.env.MODELGATE_DATA_DIR!),
  };
}

async function assertRefused(attempt: () => Promise<{ status: number; body: never }>, status: number, errorCode: string, detail?: RegExp) {
  const before = await snapshot();
  const { status: got, body } = await attempt();
  const error = (body as { error: { code: string; message: string; details?: unknown } }).error;
  assert.equal(got, status, JSON.stringify(body));
  assert.equal(error.code, errorCode);
  if (detail) assert.match(`${error.message} ${JSON.stringify(error.details ?? '')}`, detail);
  assert.deepEqual(await snapshot(), before, 'nothing was stored');
}

test('a version registered as multipart and as a raw body is stored, hashed and downloadable', async () => {
  const artifact = buildClassifierModel(7);
  const multipart = await register(versionMetadata(), artifact);
  assert.equal(multipart.status, 201, JSON.stringify(multipart.body));
  const created = multipart.body as { version: number; artifactSha256: string; signature: { inputs: unknown[] } };
  assert.equal(created.artifactSha256, sha256(artifact));
  assert.equal(created.signature.inputs.length, 1);

  const raw = await call('POST', `/models/${MODEL}/versions`, {
    body: Buffer.from(buildClassifierModel(8)),
    headers: { 'content-type': 'application/octet-stream', [METADATA_HEADER]: Buffer.from(JSON.stringify(versionMetadata())).toString('base64url') },
  });
  assert.equal(raw.status, 201, JSON.stringify(raw.body));
  assert.equal((raw.body as { version: number }).version, created.version + 1);

  const download = await call('GET', `/models/${MODEL}/versions/${created.version}/artifact`);
  assert.equal(download.status, 200);
  assert.equal(sha256(new Uint8Array(download.body as ArrayBuffer)), created.artifactSha256);
  const listed = await call('GET', `/models?q=default&limit=5`);
  assert.equal((listed.body as { models: { name: string }[] }).models[0]?.name, MODEL);
});

test('a file that is not ONNX is refused', () =>
  assertRefused(() => register(versionMetadata(), randomBytes(4096)), 400, 'invalid_onnx', /Not a loadable ONNX model/));

test('a truncated ONNX file is refused', () => {
  const whole = buildClassifierModel(11);
  return assertRefused(() => register(versionMetadata(), whole.subarray(0, Math.floor(whole.length / 2))), 400, 'invalid_onnx');
});

test('a commit that is not 40 hex characters is refused', () =>
  assertRefused(
    () => register(versionMetadata({ trainingCode: { repository: 'https://git.example.com/x', commit: 'abc123' } }), buildClassifierModel(12)),
    400,
    'invalid_input',
    /metadata\.trainingCode.*40 hex/,
  ));

test('a metric that is not a finite number is refused', async () => {
  // JSON has no NaN or Infinity, but 1e999 parses to Infinity; a string "NaN" is not a number either.
  const infinite = JSON.stringify(versionMetadata()).replace('"auc":0.9', '"auc":1e999');
  const form = new FormData();
  form.append('metadata', infinite);
  form.append('artifact', new Blob([Buffer.from(buildClassifierModel(13))]));
  await assertRefused(() => call('POST', `/models/${MODEL}/versions`, { body: form }), 400, 'invalid_input', /metadata\.metrics\.auc/);
  await assertRefused(() => register(versionMetadata({ metrics: { auc: 'NaN' } }), buildClassifierModel(13)), 400, 'invalid_input', /metadata\.metrics\.auc/);
});

test('an upload over the limit is refused with 413 and its partial file removed', async () => {
  // Streamed without a length, so the limit is found while writing, not from a header.
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += 16 * 1024;
      if (sent > MAX_ARTIFACT_BYTES * 4) controller.close();
      else controller.enqueue(randomBytes(16 * 1024));
    },
  });
  const headers = { 'content-type': 'application/octet-stream', [METADATA_HEADER]: Buffer.from(JSON.stringify(versionMetadata())).toString('base64url') };
  await assertRefused(() => call('POST', `/models/${MODEL}/versions`, { body, headers }), 413, 'payload_too_large');
  assert.deepEqual((await storedFiles(process.env.MODELGATE_DATA_DIR!)).filter((f) => f.startsWith('.tmp/')), []);
  // A declared length over the limit is refused before reading.
  await assertRefused(() => register(versionMetadata(), randomBytes(MAX_ARTIFACT_BYTES + 1)), 413, 'payload_too_large');
});

test('path-traversal and control-character names are refused', async () => {
  const create = (name: string) => call('POST', '/models', { body: JSON.stringify({ name, teamId: creditRisk, riskTier: 'low' }), headers: { 'content-type': 'application/json' } });
  await assertRefused(() => create('../../etc/passwd'), 400, 'invalid_input', /path traversal/);
  await assertRefused(() => create('model..v2'), 400, 'invalid_input', /path traversal/);
  await assertRefused(() => create('bell\u0007model'), 400, 'invalid_input', /control characters/);
  await assertRefused(() => create('line\nbreak'), 400, 'invalid_input', /control characters/);
  await assertRefused(() => register(versionMetadata(), buildClassifierModel(14), '..'), 400, 'invalid_input', /path traversal/);
});

test('a duplicate model name is 409', () =>
  assertRefused(
    () => call('POST', '/models', { body: JSON.stringify({ name: 'Credit-Default-Classifier', teamId: creditRisk, riskTier: 'low' }), headers: { 'content-type': 'application/json' } }),
    409,
    'conflict',
  ));

test('the OpenAPI document lists the catalog routes with their scopes and upload body', async () => {
  const { body } = await call('GET', '/openapi.json');
  const doc = body as { paths: Record<string, Record<string, { 'x-required-scope': string; requestBody?: { content: Record<string, unknown> } }>> };
  const upload = doc.paths['/api/v1/models/{name}/versions']!.post!;
  assert.equal(upload['x-required-scope'], 'models:write');
  assert.deepEqual(Object.keys(upload.requestBody!.content).sort(), ['application/octet-stream', 'multipart/form-data']);
  assert.equal(doc.paths['/api/v1/models/{name}/versions/{version}/artifact']!.get!['x-required-scope'], 'models:read');
});
