import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@/db/seed/demo';
import { buildClassifierModel } from '@/server/onnx/demo-models';
import { browserSkipReason, portalWithBrowser, signIn, signOut } from '../helpers/browser';
import { sha256 } from '../helpers/catalog';
import { createTokenOverHttp } from '../helpers/portal-session';

const skip = browserSkipReason();
const MODEL = 'browser-catalog-model';
const SCIENTIST = 'scientist@modelgate.local'; // Credit Risk
const OTHER_TEAM = 'fraud-scientist@modelgate.local'; // Fraud Detection
const env = portalWithBrowser(skip);
const dir = mkdtempSync(join(tmpdir(), 'mg-catalog-browser-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeModel(version: number): { path: string; hash: string } {
  const bytes = buildClassifierModel(version);
  const path = join(dir, `classifier-v${version}.onnx`);
  writeFileSync(path, bytes);
  return { path, hash: sha256(bytes) };
}

async function searchCatalog(page: Page, q: string) {
  await page.goto(`${env.portal.url}/models`);
  const form = page.getByRole('search', { name: 'Search models' });
  await form.getByLabel('Name contains').fill(q);
  await form.getByRole('button', { name: 'Search' }).click();
}

test('a data scientist registers a model and an ONNX version in the portal; another team cannot see it', { skip }, async () => {
  const file = writeModel(5);
  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, SCIENTIST, DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Models' }).click();
  await page.getByRole('link', { name: 'Register a model' }).click();
  const create = page.getByRole('form', { name: 'Register model' });
  await create.getByLabel('Name').fill(MODEL);
  await create.getByLabel(/Tags/).fill('browser, classification');
  await create.getByRole('button', { name: 'Register model' }).click();
  await page.waitForURL(`${env.portal.url}/models/${MODEL}`);

  await page.getByRole('link', { name: 'Register a new version' }).click();
  const form = page.getByRole('form', { name: 'Register version' });
  await form.getByLabel('Artifact file').setInputFiles(file.path);
  await form.getByLabel('Training repository').fill('https://git.example.com/credit-risk/browser');
  await form.getByLabel('Training commit').fill('1'.repeat(40));
  await form.getByLabel('Prediction repository').fill('https://git.example.com/platform/serving');
  await form.getByLabel('Prediction commit').fill('2'.repeat(40));
  await form.getByLabel(/Dependencies/).fill('scikit-learn==1.5.2\nskl2onnx==1.17.0');
  await form.getByLabel('Metrics (JSON)').fill('{"auc": 0.93}');
  await form.getByLabel('Intended use').fill('Browser test.\n\n- first point\n- second point');
  await form.getByLabel('Limitations').fill('Only in tests.');
  // Throttle the upload so the progress bar is on screen long enough to see.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 200 });
  await form.getByRole('button', { name: 'Upload and register' }).click();
  await form.getByRole('status', { name: 'Upload progress' }).waitFor();
  await page.waitForURL(`${env.portal.url}/models/${MODEL}/versions/1`, { timeout: 60_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  assert.equal(await page.getByTestId('artifact SHA-256').textContent(), file.hash);
  const inputs = page.getByRole('table', { name: 'Input' });
  await inputs.getByRole('row').filter({ hasText: 'features' }).filter({ hasText: 'float32' }).filter({ hasText: '[N, 4]' }).waitFor();
  const outputs = page.getByRole('table', { name: 'Output' });
  await outputs.getByRole('row').filter({ hasText: 'probability' }).filter({ hasText: '[N, 2]' }).waitFor();
  await outputs.getByRole('row').filter({ hasText: 'label' }).filter({ hasText: 'int64' }).waitFor();
  await page.getByRole('region', { name: 'Model card' }).getByRole('listitem').filter({ hasText: 'second point' }).waitFor();
  const download = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download artifact' }).click()]);
  assert.equal(download[0].suggestedFilename(), `${MODEL}-v1.onnx`);

  await searchCatalog(page, 'catalog-mod');
  await page.getByRole('link', { name: MODEL }).waitFor();
  await signOut(page);

  await signIn(page, env.portal.url, OTHER_TEAM, DEMO_PASSWORD);
  await searchCatalog(page, 'catalog-mod');
  await page.getByText('No models match.').waitFor();
  for (const path of [`/models/${MODEL}`, `/models/${MODEL}/versions/1`]) {
    const res = await page.goto(`${env.portal.url}${path}`);
    assert.equal(res?.status(), 404, path);
    assert.ok(!(await page.content()).includes(file.hash));
  }
  await page.close();
});

test('a version registered with the CLI shows in the portal with the same hash and is in the audit trail', { skip }, async () => {
  const file = writeModel(6);
  const metrics = join(dir, 'metrics.json');
  writeFileSync(metrics, JSON.stringify({ auc: 0.94, accuracy: 0.88 }));
  const token = await createTokenOverHttp(env.portal, SCIENTIST, DEMO_PASSWORD, ['models:write']);
  const cli = spawn(
    process.execPath,
    [
      'cli/bin.mjs', 'register', MODEL, file.path,
      '--repo', 'https://git.example.com/credit-risk/browser',
      '--train-commit', '3'.repeat(40),
      '--predict-commit', '4'.repeat(40),
      '--metrics', metrics,
      '--intended-use', 'CI registration.',
      '--limitations', 'Tests only.',
    ],
    { env: { ...process.env, MODELGATE_URL: env.portal.url, MODELGATE_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  cli.stdout.on('data', (d) => (out += d));
  cli.stderr.on('data', (d) => (err += d));
  const [exitCode] = await once(cli, 'exit');
  assert.equal(exitCode, 0, err);
  assert.equal(out, `registered ${MODEL} version 2\nsha256 ${file.hash}\n`);

  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, SCIENTIST, DEMO_PASSWORD);
  await page.goto(`${env.portal.url}/models/${MODEL}/versions/2`);
  assert.equal(await page.getByTestId('artifact SHA-256').textContent(), file.hash);
  await page.close();

  const auditorToken = await createTokenOverHttp(env.portal, 'auditor@modelgate.local', DEMO_PASSWORD, ['audit:read']);
  const res = await fetch(`${env.portal.url}/api/v1/audit/events?action=model_version.created`, { headers: { authorization: `Bearer ${auditorToken}` } });
  const { items } = (await res.json()) as { items: { event: { actor: { type: string }; data: { model: string; version: number; artifact: { sha256: string } } } }[] };
  const event = items.find((i) => i.event.data.model === MODEL && i.event.data.version === 2);
  assert.ok(event, 'the registration is in the audit trail');
  assert.equal(event.event.data.artifact.sha256, file.hash);
  assert.equal(event.event.actor.type, 'token');
});
