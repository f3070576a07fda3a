import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@/db/seed/demo';
import { browserSkipReason, portalWithBrowser, signIn } from '../helpers/browser';

const skip = browserSkipReason();
const env = portalWithBrowser(skip);

test('an auditor exports a model version’s PDF report and the audit log, and the export verifies offline', { skip }, async () => {
  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, 'auditor@modelgate.local', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await page.getByRole('heading', { name: 'Reports', exact: true }).waitFor();

  const exporter = page.locator('[aria-label="Export a report"]');
  const option = exporter.locator('select[name="subject"] option', { hasText: 'credit-default-classifier v1 (' });
  await option.waitFor({ state: 'attached' });
  await exporter.locator('select[name="subject"]').selectOption((await option.getAttribute('value'))!);
  const exportLink = exporter.getByRole('link', { name: 'Export PDF report' });
  await exportLink.waitFor();
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
  const dir = mkdtempSync(join(tmpdir(), 'mg-report-dl-'));
  const pdfPath = join(dir, pdfDownload.suggestedFilename());
  await pdfDownload.saveAs(pdfPath);
  assert.match(pdfDownload.suggestedFilename(), /^credit-default-classifier-v1\.pdf$/);
  const pdf = readFileSync(pdfPath);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-', 'the download is a PDF');

  const auditExport = page.locator('[aria-label="Audit log export"]');
  const [logDownload] = await Promise.all([page.waitForEvent('download'), auditExport.getByRole('link', { name: /Export the whole log/ }).click()]);
  const logPath = join(dir, logDownload.suggestedFilename());
  await logDownload.saveAs(logPath);
  const out = execFileSync(process.execPath, ['cli/verify-audit.mjs', logPath], { encoding: 'utf8' });
  assert.match(out, /^verified: \d+ events/m, 'modelgate verify-audit passes on the export');
  // The report's own hash is in that log: it was recorded before the PDF was sent.
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  assert.ok(readFileSync(logPath, 'utf8').includes(sha256), 'report.generated with the PDF’s SHA-256 is in the exported log');
  await page.close();
});
