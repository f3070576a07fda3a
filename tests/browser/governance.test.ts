import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@/db/seed/demo';
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

test('promotion journey: request, own approval refused, officer and engineer approve, check exits 0 and verifies offline, revocation makes it exit 1', { skip, timeout: 240_000 }, async () => {
  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, 'scientist@modelgate.local', DEMO_PASSWORD);
  await page.goto(`${env.portal.url}/promotions?model=credit-default-classifier&version=3`);
  const form = page.getByRole('form', { name: 'Request promotion' });
  await form.getByLabel('Environment').selectOption('production');
  await form.getByRole('button', { name: 'Request promotion' }).click();
  await page.waitForURL(/\/promotions\/[0-9a-f-]{36}$/);
  const requestUrl = page.url();
  await state(page).filter({ hasText: 'pending' }).waitFor();
  await page.getByRole('table', { name: 'Checks' }).getByText('model-card-complete').waitFor();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('alert').filter({ hasText: 'Refused: nobody reviews their own request' }).waitFor();
  await signOut(page);

  await signIn(page, env.portal.url, 'governance@modelgate.local', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'credit-default-classifier v3 → production' }).click();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('list', { name: 'Reasons' }).getByText(/needs 2 distinct approvers/).waitFor();
  assert.equal(await state(page).textContent(), 'pending');
  await signOut(page);

  await signIn(page, env.portal.url, 'engineer@modelgate.local', DEMO_PASSWORD);
  await page.goto(requestUrl);
  await page.getByRole('button', { name: 'Approve' }).click();
  await state(page).filter({ hasText: 'approved' }).waitFor();
  await page.getByRole('list', { name: 'Timeline' }).getByText('became approved').waitFor();
  await signOut(page);

  const token = await createTokenOverHttp(env.portal, 'scientist@modelgate.local', DEMO_PASSWORD, ['approvals:read']);
  const args = ['credit-default-classifier', '3', '--env', 'production'];
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
