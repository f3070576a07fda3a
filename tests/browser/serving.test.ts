import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '@/db/seed/demo';
import { browserSkipReason, portalWithBrowser, signIn } from '../helpers/browser';
import { createTokenOverHttp } from '../helpers/portal-session';

const skip = browserSkipReason();
const env = portalWithBrowser(skip);
const ENGINEER = 'engineer@modelgate.local';

test('the portal serves the deployed demo classifier; an engineer sees where it runs and cannot deploy an unapproved version', { skip, timeout: 240_000 }, async () => {
  // A pipeline calls the portal's serving layer (mounted at /api/v1/serve) with a serving:predict token.
  const token = await createTokenOverHttp(env.portal, ENGINEER, DEMO_PASSWORD, ['serving:predict']);
  const res = await fetch(`${env.portal.url}/api/v1/serve/production/models/credit-default-classifier/predict`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ records: [{ features: [0.5, 1, 2, 0.25] }] }),
  });
  const answer = (await res.json()) as { version: number; requestId: string; outputs: { label: number[] } };
  assert.equal(res.status, 200, JSON.stringify(answer));
  assert.equal(answer.version, 3);
  assert.deepEqual(answer.outputs.label, [1]);

  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, ENGINEER, DEMO_PASSWORD);
  await page.goto(`${env.portal.url}/models/credit-default-classifier/versions/3`);
  const deployments = page.getByRole('table', { name: 'Deployments of this version' });
  await deployments.getByRole('row').filter({ hasText: 'production' }).filter({ hasText: 'serving' }).waitFor();

  await page.goto(`${env.portal.url}/models/credit-default-classifier/versions/2`);
  const section = page.getByRole('region', { name: 'Deployments' });
  await section.getByText('Not deployed anywhere.').waitFor();
  const form = page.getByRole('form', { name: 'Deploy this version' });
  await form.getByLabel('Environment').selectOption('production');
  await form.getByRole('button', { name: 'Deploy version 2' }).click();
  await form.getByRole('alert').filter({ hasText: 'No promotion of credit-default-classifier version 2 to production was requested' }).waitFor();
  await page.close();
});
