import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@/db/seed/demo';
import { buildClassifierModel } from '@/server/onnx/demo-models';
import { browserSkipReason, portalWithBrowser, signIn, signOut } from '../helpers/browser';
import { createTokenOverHttp } from '../helpers/portal-session';

const skip = browserSkipReason();
const env = portalWithBrowser(skip);

function check(args: string[], token: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['cli/bin.mjs', 'check', ...args], { env: { ...process.env, MODELGATE_URL: env.portal.url, MODELGATE_TOKEN: token } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const state = (page: Page) => page.getByTestId('promotion-state');
const MODEL = 'credit-default-classifier';
const SCIENTIST = 'scientist@modelgate.local';

test('the whole journey: access to restricted data, a version trained on it, promotion with separation of duties, check exits 0 and verifies offline, revocation makes it exit 1', { skip, timeout: 360_000 }, async () => {
  const page = await env.browser.newPage();
  // A data scientist asks for access to the restricted demo dataset (its scan runs at first start).
  await signIn(page, env.portal.url, SCIENTIST, DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Datasets' }).click();
  await page.getByRole('link', { name: 'loan-applicants', exact: true }).click();
  await page.getByRole('row').filter({ hasText: 'loan-applicants-v2.csv' }).filter({ hasText: 'restricted' }).filter({ hasText: 'Scan completed' }).waitFor({ timeout: 120_000 });
  await page.getByRole('note', { name: 'Content access' }).getByRole('link', { name: 'Request access' }).click();
  await page.waitForURL(/\/access\?dataset=[0-9a-f-]{36}$/);
  const ask = page.getByRole('form', { name: 'Request access' });
  assert.equal(await ask.getByLabel('Dataset').locator('option:checked').textContent(), 'loan-applicants (Credit Risk)');
  await ask.getByLabel('Purpose').fill('Train the next default classifier on the 2026 applicants.');
  await ask.getByLabel('Days').fill('14');
  await ask.getByRole('button', { name: 'Request access' }).click();
  await ask.getByRole('status').filter({ hasText: 'Requested' }).waitFor();
  await signOut(page);

  // The data owner approves; the grant is live.
  await signIn(page, env.portal.url, 'owner@modelgate.local', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Data access' }).click();
  await page.getByRole('table', { name: 'Access requests waiting on me' }).getByRole('row').filter({ hasText: 'loan-applicants' }).getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('table', { name: 'Grants' }).getByRole('row').filter({ hasText: 'loan-applicants' }).filter({ hasText: /live until/ }).waitFor();
  await signOut(page);

  // The scientist registers version 4 trained on loan-applicants v2, in the portal.
  await signIn(page, env.portal.url, SCIENTIST, DEMO_PASSWORD);
  await page.goto(`${env.portal.url}/models/${MODEL}/versions/new`);
  const form = page.getByRole('form', { name: 'Register version' });
  const artifact = join(mkdtempSync(join(tmpdir(), 'mg-journey-model-')), 'model.onnx');
  writeFileSync(artifact, buildClassifierModel(44));
  await form.getByLabel('Artifact file').setInputFiles(artifact);
  await form.getByLabel('Training repository').fill('https://git.example.com/credit-risk/default-classifier');
  await form.getByLabel('Training commit').fill('4'.repeat(40));
  await form.getByLabel('Prediction repository').fill('https://git.example.com/platform/onnx-serving');
  await form.getByLabel('Prediction commit').fill('5'.repeat(40));
  await form.getByLabel('Metrics (JSON)').fill('{"auc": 0.83}');
  await form.getByLabel('Trained on (dataset versions)').selectOption({ label: 'loan-applicants v2 · restricted · Credit Risk' });
  await form.getByLabel('Intended use').fill('Ranking applications for manual review.');
  await form.getByLabel('Limitations').fill('Retail loans only.');
  await form.getByLabel('Ethical considerations').fill('Protected attributes are excluded.');
  await form.getByRole('button', { name: 'Upload and register' }).click();
  await page.waitForURL(`${env.portal.url}/models/${MODEL}/versions/4`, { timeout: 60_000 });
  const trainingData = page.getByRole('list', { name: 'Training data' });
  await trainingData.getByRole('link', { name: 'loan-applicants' }).click();
  await page.getByRole('row').filter({ hasText: 'loan-applicants-v2.csv' }).getByRole('link', { name: `${MODEL} v4` }).waitFor();

  // …and requests its promotion to production; their own approval is refused.
  await page.goto(`${env.portal.url}/promotions?model=${MODEL}&version=4`);
  const request = page.getByRole('form', { name: 'Request promotion' });
  await request.getByLabel('Environment').selectOption('production');
  await request.getByRole('button', { name: 'Request promotion' }).click();
  await page.waitForURL(/\/promotions\/[0-9a-f-]{36}$/);
  const requestUrl = page.url();
  await state(page).filter({ hasText: 'pending' }).waitFor();
  const checks = page.getByRole('table', { name: 'Checks' });
  await checks.getByRole('row').filter({ hasText: 'no-restricted-findings-without-exception' }).filter({ hasText: 'without an approved exception' }).waitFor();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('alert').filter({ hasText: 'Refused: nobody reviews their own request' }).waitFor();
  await signOut(page);

  // A governance officer approves the restricted-data exception, then the promotion.
  await signIn(page, env.portal.url, 'governance@modelgate.local', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Datasets' }).click();
  await page.getByRole('link', { name: 'loan-applicants', exact: true }).click();
  await page.getByRole('row').filter({ hasText: 'loan-applicants-v2.csv' }).getByRole('link', { name: 'v2', exact: true }).click();
  const exception = page.getByRole('form', { name: 'Restricted-data exception' });
  await exception.getByLabel(/Reason/).fill('Applicant identities are needed to deduplicate; reviewed with the data owner.');
  await exception.getByRole('button', { name: 'Approve exception' }).click();
  await exception.getByRole('status').filter({ hasText: 'Exception approved' }).waitFor();
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await page.getByRole('link', { name: `${MODEL} v4 → production` }).click();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('list', { name: 'Reasons' }).getByText(/needs 2 distinct approvers/).waitFor();
  await checks.getByRole('row').filter({ hasText: 'no-restricted-findings-without-exception' }).filter({ hasText: 'approved exceptions' }).waitFor();
  assert.equal(await state(page).textContent(), 'pending');
  await signOut(page);

  await signIn(page, env.portal.url, 'engineer@modelgate.local', DEMO_PASSWORD);
  await page.goto(requestUrl);
  await page.getByRole('button', { name: 'Approve' }).click();
  await state(page).filter({ hasText: 'approved' }).waitFor();
  await page.getByRole('list', { name: 'Timeline' }).getByText('became approved').waitFor();
  await signOut(page);

  const token = await createTokenOverHttp(env.portal, 'scientist@modelgate.local', DEMO_PASSWORD, ['approvals:read']);
  const args = [MODEL, '4', '--env', 'production'];
  const approved = await check(args, token);
  assert.equal(approved.code, 0, approved.stderr);
  const jwksFile = join(mkdtempSync(join(tmpdir(), 'mg-journey-')), 'jwks.json');
  writeFileSync(jwksFile, await (await fetch(`${env.portal.url}/api/v1/attestations/jwks`)).text());
  assert.equal((await check([...args, '--jwks', jwksFile], token)).code, 0, 'verifies offline against the saved JWKS');

  await signIn(page, env.portal.url, 'governance@modelgate.local', DEMO_PASSWORD);
  await page.goto(requestUrl);
  const revoke = page.getByRole('form', { name: 'Revoke' });
  await revoke.getByLabel('Reason').fill('Bias found in monitoring');
  await revoke.getByRole('button', { name: 'Revoke approval' }).click();
  await state(page).filter({ hasText: 'revoked' }).waitFor();
  const revoked = await check(args, token);
  assert.equal(revoked.code, 1);
  assert.match(revoked.stderr, /revoked: Bias found in monitoring/);

  await page.getByRole('link', { name: 'Environments' }).click();
  await page.getByRole('form', { name: 'production policy' }).getByRole('button', { name: /Publish version/ }).waitFor();
  await page.getByRole('link', { name: 'Data access' }).click();
  await page.getByRole('table', { name: 'Grants' }).waitFor();
  await signOut(page);

  await signIn(page, env.portal.url, 'scientist@modelgate.local', DEMO_PASSWORD);
  await page.goto(`${env.portal.url}/environments`);
  await page.getByRole('form', { name: 'production policy' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Publish version/ }).count(), 0, 'only governance officers edit policies');
  await signOut(page);
  await page.close();
});
