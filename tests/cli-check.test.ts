import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicJwkOf } from '@/server/audit/keys';
import { requestPromotion, reviewPromotion, revokePromotion } from '@/server/services/promotions';
import { createToken } from '@/server/services/tokens';
import { openAppDatabase } from './helpers/app-database';
import { createPerson, createTeam, createTrainedVersion } from './helpers/governance';
import { startRestServer } from './helpers/rest-server';

let database: Awaited<ReturnType<typeof openAppDatabase>>;
let server: Awaited<ReturnType<typeof startRestServer>>;
let baseUrl: string;

before(async () => {
  database = await openAppDatabase();
  server = await startRestServer();
  baseUrl = server.url;
});
after(async () => {
  await server?.close();
  await database?.cleanup();
});

function check(args: string[], token: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['cli/bin.mjs', 'check', ...args], { env: { ...process.env, MODELGATE_URL: baseUrl, MODELGATE_TOKEN: token } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

test('modelgate check: 1 before approval, 0 with a verified attestation (served or saved JWKS), 1 after revocation, 2 on errors', async () => {
  const { db } = database;
  const team = await createTeam(db);
  const scientist = await createPerson(db, team, ['data_scientist'], 'scientist');
  const engineer = await createPerson(db, team, ['ml_engineer'], 'engineer');
  const officer = await createPerson(db, team, ['governance_officer'], 'officer');
  const owner = await createPerson(db, team, ['data_owner'], 'owner');
  const { model } = await createTrainedVersion(db, { teamId: team, creatorId: scientist.userId, ownerId: owner.userId });
  const { secret } = await createToken(scientist, { name: 'pipeline', scopes: ['approvals:read'], expiresInDays: 1 });
  const args = [model.name, '1', '--env', 'staging'];

  const none = await check(args, secret);
  assert.equal(none.code, 1, none.stderr);
  assert.match(none.stderr, /not approved for staging: none/);

  const request = await requestPromotion(scientist, { name: model.name, version: 1, environment: 'staging', justification: '' });
  const pending = await check(args, secret);
  assert.equal(pending.code, 1);
  assert.match(pending.stderr, /pending \(needs 1 distinct approvers/);

  await reviewPromotion(engineer, { id: request.id, decision: 'approve', comment: '' });
  const approved = await check(args, secret);
  assert.equal(approved.code, 0, approved.stderr);
  assert.equal(JSON.parse(approved.stdout).payloadType, 'application/vnd.in-toto+json');
  assert.match(approved.stderr, /attestation verified/);

  const dir = mkdtempSync(join(tmpdir(), 'mg-check-'));
  const saved = join(dir, 'jwks.json');
  writeFileSync(saved, JSON.stringify(await (await fetch(`${baseUrl}/api/v1/attestations/jwks`)).json()));
  assert.equal((await check([...args, '--jwks', saved], secret)).code, 0, 'verifies offline against a saved JWKS');
  const stranger = join(dir, 'stranger.json');
  const { publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(stranger, JSON.stringify({ keys: [publicJwkOf(publicKey.export({ format: 'pem', type: 'spki' }).toString())] }));
  const forged = await check([...args, '--jwks', stranger], secret);
  assert.equal(forged.code, 1);
  assert.match(forged.stderr, /unknown-key/);
  assert.equal((await check([...args, '--artifact-sha256', 'ab'.repeat(32)], secret)).code, 1, 'a different artifact is not approved');

  await revokePromotion(officer, { id: request.id, reason: 'bias found' });
  const revoked = await check(args, secret);
  assert.equal(revoked.code, 1);
  assert.match(revoked.stderr, /revoked: bias found/);

  assert.equal((await check(['no-such-model', '1', '--env', 'staging'], secret)).code, 2);
  assert.equal((await check([model.name, '1'], secret)).code, 2, '--env is required');
  assert.equal((await check(args, 'mgt_not-a-real-token')).code, 2);
});
