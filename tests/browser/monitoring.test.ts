import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { sendDemoTraffic } from '@/scripts/demo-traffic';
import { browserSkipReason, launchBrowser, signIn } from '../helpers/browser';
import { startPortal, type TPortal } from '../helpers/portal';

const skip = browserSkipReason();
const MODEL = 'credit-default-classifier';
let portal: TPortal;
let browser: Browser;
let token: string;
let version: number;

before(async () => {
  if (skip) return;
  // The monitoring job every second, a 200-row reference: the drift shows within seconds instead of minutes.
  portal = await startPortal({
    MODELGATE_MONITORING_EVERY_MS: '1000',
    MODELGATE_MONITORING_REFERENCE_ROWS: '200',
    MODELGATE_MONITORING_MIN_WINDOW_ROWS: '200',
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('demo traffic through the real predict API raises a drift alert that the ML engineer sees on the version’s monitoring page', { skip }, async () => {
  // The demo script itself: it signs in as the demo ML engineer, creates a token and sends 300 reference-like rows, then 600 drifting ones.
  const traffic = await sendDemoTraffic({ url: portal.url, seconds: 0, referenceRows: 300, driftRows: 600, batch: 20, log: () => {} });
  assert.equal(traffic.failures, 0);
  assert.equal(traffic.calls, 45);
  token = traffic.token;
  version = traffic.version!;

  // The monitoring job (every second here) raises the alert; the REST API reports it.
  const deadline = Date.now() + 30_000;
  let alerts: { kind: string; model: string; version: number; summary: string }[] = [];
  while (Date.now() < deadline) {
    const res = await fetch(`${portal.url}/api/v1/monitoring/alerts`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    alerts = ((await res.json()) as { alerts: typeof alerts }).alerts;
    if (alerts.some((a) => a.kind === 'drift')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const drift = alerts.find((a) => a.kind === 'drift');
  assert.ok(drift, `no drift alert within 30 s:\n${portal.logs().slice(-2000)}`);
  assert.equal(drift.model, MODEL);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, portal.url, 'engineer@modelgate.local', 'modelgate-demo');

  // The dashboard inbox lists it for the team's engineer.
  const inboxItem = page.getByLabel('Monitoring alerts').getByRole('listitem').filter({ hasText: `${MODEL} v${version}` }).filter({ hasText: 'drift' });
  await inboxItem.getByText('open', { exact: true }).waitFor();

  await inboxItem.getByRole('link', { name: `${MODEL} v${version}` }).click();
  await page.waitForURL(`**/monitoring/${MODEL}/versions/${version}`);
  // Usage: the 45 calls, in the bar chart and the total; latency percentiles.
  await page.getByLabel('Calls in range').getByText('45', { exact: true }).waitFor();
  const calls = page.getByRole('img', { name: /^Calls per minute: 45 calls/ });
  await calls.waitFor();
  await page.getByRole('img', { name: /^Latency per minute, latest: p50 \d+\.\d+ ms, p95 \d+\.\d+ ms, p99 \d+\.\d+ ms/ }).waitFor();
  assert.match(await page.getByLabel('Latency in range').innerText(), /p50 \d+\.\d+ ms · p95 \d+\.\d+ ms · p99 \d+\.\d+ ms/);

  // Drift: the shifted features are flagged, the others stable; the open alert is shown.
  const table = page.getByRole('table', { name: 'Feature drift' });
  const row = (feature: string) => table.getByRole('row').filter({ hasText: feature });
  await row('features[0]').getByText('drift', { exact: true }).waitFor();
  await row('features[2]').getByText('drift', { exact: true }).waitFor();
  await row('features[1]').getByText('stable', { exact: true }).waitFor();
  const psi = Number(await row('features[0]').getByRole('cell').nth(2).innerText());
  assert.ok(psi >= 0.2, `PSI of features[0] is ${psi}`);
  const driftAlert = page.getByRole('region', { name: 'Alerts' }).getByRole('listitem').filter({ hasText: 'drift alert' });
  await driftAlert.getByText('open', { exact: true }).waitFor();
  assert.match(await driftAlert.innerText(), /(PSI|KS) \d\.\d{3} ≥ 0\.2 on features\[[02]\]/);

  // Acknowledging is recorded and shown.
  await driftAlert.getByRole('button', { name: 'Acknowledge' }).click();
  await driftAlert.getByText('acknowledged', { exact: true }).waitFor();
  await context.close();
});

test('GET /metrics: Prometheus text for a token with monitoring:read, 401 without one', { skip }, async () => {
  const open = await fetch(`${portal.url}/metrics`);
  assert.equal(open.status, 401);
  assert.equal(((await open.json()) as { error: { code: string } }).error.code, 'unauthenticated');
  const res = await fetch(`${portal.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  assert.ok(text.includes(`modelgate_predictions_total{model="${MODEL}",version="${version}",environment="production",status="ok"} 45`), text);
  assert.ok(text.includes(`modelgate_prediction_rows_total{model="${MODEL}",version="${version}",environment="production"} 900`), text);
  assert.match(text, new RegExp(`modelgate_prediction_latency_seconds_count\\{model="${MODEL}",version="${version}",environment="production"\\} 45`));
  assert.match(text, /modelgate_loaded_models\{environment="production"\} 1/);
  assert.ok(text.includes(`modelgate_deployments_current{model="${MODEL}",version="${version}",environment="production"} 1`), text);
  assert.match(text, new RegExp(`modelgate_monitoring_alerts_open\\{model="${MODEL}",version="${version}",kind="drift",state="acknowledged"\\} 1`));
});
