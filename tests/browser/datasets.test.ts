import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@/db/seed/demo';
import { browserSkipReason, portalWithBrowser, signIn, signOut } from '../helpers/browser';
import { customersCsv } from '../helpers/datasets';

const skip = browserSkipReason();
const env = portalWithBrowser(skip);

test('a scientist uploads a CSV and watches its scan; a governance officer reclassifies it, audited', { skip, timeout: 300_000 }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'mg-upload-')), 'claims.csv');
  writeFileSync(file, customersCsv(1500, 5));
  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, 'scientist@modelgate.local', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Datasets' }).click();
  const create = page.getByRole('form', { name: 'Create dataset' });
  await create.getByLabel('Name').fill('claims-2026');
  await create.getByLabel('Description').fill('Insurance claims with customer contacts');
  await create.getByLabel('Team').selectOption({ label: 'Credit Risk' });
  await create.getByLabel(/Owner/).selectOption({ label: 'Olive Owner (owner@modelgate.local)' });
  await create.getByRole('button', { name: 'Create dataset' }).click();
  await page.getByRole('status').getByRole('link', { name: 'claims-2026' }).click();
  await page.getByRole('heading', { name: 'claims-2026' }).waitFor();

  const upload = page.getByRole('form', { name: 'Upload version' });
  await upload.getByLabel(/File/).setInputFiles(file);
  await upload.getByRole('button', { name: 'Upload' }).click();
  await page.waitForURL(/\/datasets\/[^/]+\/versions\/[^/]+$/);
  const versionUrl = page.url();
  // Queued or running first, with a progress bar, then completed.
  await page.getByTestId('scan-status').filter({ hasText: /Scan (queued|running|completed)/ }).waitFor();
  await page.getByTestId('scan-status').filter({ hasText: 'Scan completed' }).waitFor({ timeout: 120_000 });
  await page.getByTestId('classification').filter({ hasText: 'restricted' }).waitFor();

  // Restricted content: the uploader sees the findings' summary, but the masked samples need a live grant.
  const findings = page.getByRole('table', { name: 'Findings' });
  await findings.getByRole('row').filter({ hasText: 'CREDIT_CARD' }).filter({ hasText: 'withheld: needs a grant' }).waitFor();
  assert.equal(await findings.locator('code.sample').count(), 0, 'no masked samples without a grant');
  assert.equal(await page.getByRole('link', { name: 'Download content' }).count(), 0);
  await page.getByRole('note', { name: 'Content access' }).getByRole('link', { name: 'Request access' }).click();
  await page.waitForURL(/\/access\?dataset=/);
  const ask = page.getByRole('form', { name: 'Request access' });
  assert.equal(await ask.getByLabel('Dataset').locator('option:checked').textContent(), 'claims-2026 (Credit Risk)', 'the dataset is preselected');
  await ask.getByLabel('Purpose').fill('Check the scan of the claims before training on them.');
  await ask.getByRole('button', { name: 'Request access' }).click();
  await ask.getByRole('status').filter({ hasText: 'Requested' }).waitFor();
  await signOut(page);

  // The dataset's owner approves; the scientist then sees the masked samples and may download.
  await signIn(page, env.portal.url, 'owner@modelgate.local', DEMO_PASSWORD);
  await page.goto(`${env.portal.url}/access`);
  const waiting = page.getByRole('table', { name: 'Access requests waiting on me' }).getByRole('row').filter({ hasText: 'claims-2026' });
  await waiting.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('table', { name: 'Grants' }).getByRole('row').filter({ hasText: 'claims-2026' }).filter({ hasText: /live until/ }).waitFor();
  await signOut(page);
  await signIn(page, env.portal.url, 'scientist@modelgate.local', DEMO_PASSWORD);
  await page.goto(versionUrl);
  await findings.locator('code.sample').first().waitFor();
  await page.getByRole('link', { name: 'Download content' }).waitFor();

  const cardRow = findings.getByRole('row').filter({ hasText: 'CREDIT_CARD' });
  const emailRow = findings.getByRole('row').filter({ hasText: 'EMAIL_ADDRESS' });
  assert.match(await cardRow.innerText(), /\*{12}\d{4}/, 'card numbers are masked to their last four digits');
  assert.match(await emailRow.innerText(), /\w\*\*\*@example\.com/, 'emails keep only their first letter and domain');
  assert.match(await cardRow.innerText(), /pass the Luhn check|Luhn/);
  const raw = customersCsv(1500, 5);
  const samples = await findings.locator('code.sample').allInnerTexts();
  assert.ok(samples.length > 0);
  for (const sample of samples) assert.ok(!raw.includes(sample.trim()) || !/\d{6}/.test(sample), `raw value shown: ${sample}`);
  await signOut(page);

  await signIn(page, env.portal.url, 'governance@modelgate.local', DEMO_PASSWORD);
  await page.goto(versionUrl);
  const reason = 'The card numbers are sandbox test numbers issued by our processor.';
  const form = page.getByRole('form', { name: 'Change classification' });
  await form.getByLabel('New classification').selectOption('confidential');
  await form.getByLabel(/Reason/).fill(reason);
  await form.getByRole('button', { name: 'Change classification' }).click();
  await page.getByRole('status').filter({ hasText: 'Classification changed to confidential' }).waitFor();
  await page.getByRole('table', { name: 'Classification history' }).getByRole('row').filter({ hasText: reason }).waitFor();

  await page.getByRole('link', { name: 'Audit log' }).click();
  const filter = page.getByRole('form', { name: 'Filter events' });
  await filter.getByLabel('Action').selectOption('dataset_version.classified');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('row').filter({ hasText: 'governance@modelgate.local' }).filter({ hasText: reason }).waitFor();
  await page.close();
});

test('a data scientist without the governance role sees no classification form', { skip }, async () => {
  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, 'fraud-scientist@modelgate.local', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Datasets' }).click();
  await page.getByRole('link', { name: 'card-transactions' }).click();
  await page.getByRole('link', { name: 'v1', exact: true }).click();
  await page.getByTestId('scan-status').filter({ hasText: 'Scan completed' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('classification').filter({ hasText: 'restricted' }).waitFor();
  assert.equal(await page.getByRole('form', { name: 'Change classification' }).count(), 0);
  await page.close();
});
