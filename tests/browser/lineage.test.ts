import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '@/db/seed/demo';
import { buildClassifierModel } from '@/server/onnx/demo-models';
import { browserSkipReason, portalWithBrowser, signIn } from '../helpers/browser';
import { uploadForm, versionMetadata } from '../helpers/catalog';
import { createTokenOverHttp } from '../helpers/portal-session';

const skip = browserSkipReason();
const env = portalWithBrowser(skip);

/** Through the REST API, as a pipeline would: Credit Risk's data owner adds a dataset, the scientist registers a version trained on it. */
async function registerTrainedVersion() {
  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${env.portal.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}) },
      body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Record<string, unknown>;
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const owner = await createTokenOverHttp(env.portal, 'owner@modelgate.local', DEMO_PASSWORD, ['datasets:write', 'tokens:read']);
  const me = (await api(owner, 'GET', '/me')) as { userId: string; teamIds: string[] };
  const dataset = (await api(owner, 'POST', '/datasets', {
    teamId: me.teamIds[0],
    ownerId: me.userId,
    name: 'credit-features',
    description: 'Aggregated features without personal data.',
  })) as { id: string };
  const file = new FormData();
  file.append('metadata', JSON.stringify({ fileName: 'features.csv' }));
  file.append('artifact', new Blob(['account,score,segment\n1,0.52,b\n2,0.13,a\n']), 'features.csv');
  const version = (await api(owner, 'POST', `/datasets/${dataset.id}/versions`, file)) as { id: string };
  const scientist = await createTokenOverHttp(env.portal, 'scientist@modelgate.local', DEMO_PASSWORD, ['models:write', 'datasets:read']);
  const registered = (await api(
    scientist,
    'POST',
    '/models/credit-default-classifier/versions',
    uploadForm(versionMetadata({ trainingData: [version.id] }), buildClassifierModel(4)),
  )) as { version: number };
  return { datasetId: dataset.id, datasetVersionId: version.id, modelVersion: registered.version };
}

test('an auditor opens a model version’s lineage graph, follows the edge to its training dataset and comes back', { skip }, async () => {
  const trained = await registerTrainedVersion();
  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, 'auditor@modelgate.local', DEMO_PASSWORD);
  await page.goto(`${env.portal.url}/models/credit-default-classifier/versions/${trained.modelVersion}`);

  // The version page's lineage section: the version, the run that produced it and the data it saw.
  const section = page.getByRole('region', { name: 'Lineage' });
  const sectionGraph = section.getByRole('figure', { name: 'Lineage graph' });
  await sectionGraph.getByRole('link', { name: 'credit-features v1' }).waitFor();
  await sectionGraph.getByRole('link', { name: `Training of credit-default-classifier v${trained.modelVersion}` }).waitFor();
  await section.getByRole('link', { name: 'Open the full lineage view' }).click();

  await page.waitForURL(/\/lineage\?node=/);
  const graph = page.getByRole('figure', { name: 'Lineage graph' });
  await page.getByRole('heading', { name: `Lineage of credit-default-classifier v${trained.modelVersion}` }).waitFor();
  const datasetNode = graph.getByRole('link', { name: 'credit-features v1' });
  await datasetNode.waitFor();
  // The edges drawn: dataset → training run → version.
  assert.equal(await graph.locator('.react-flow__edge').count(), 2);
  const lineageUrl = page.url();

  // Follow the edge to the training dataset: its node links to the dataset version's page.
  await datasetNode.click();
  await page.waitForURL(`**/datasets/${trained.datasetId}/versions/${trained.datasetVersionId}`);
  await page.getByRole('heading', { name: /credit-features v1/ }).waitFor();
  // Its own lineage section shows the model trained on it, downstream.
  await page
    .getByRole('region', { name: 'Lineage' })
    .getByRole('figure', { name: 'Lineage graph' })
    .getByRole('link', { name: `credit-default-classifier v${trained.modelVersion}`, exact: true })
    .waitFor();

  await page.goBack();
  await page.waitForURL(lineageUrl);
  await graph.getByRole('link', { name: 'credit-features v1' }).waitFor();

  // One more hop on demand: hide the training run's upstream, then show it again.
  await graph.getByRole('button', { name: `Hide upstream of Training of credit-default-classifier v${trained.modelVersion}` }).click();
  await graph.getByRole('link', { name: 'credit-features v1' }).waitFor({ state: 'detached' });
  await graph.getByRole('button', { name: `Show upstream of Training of credit-default-classifier v${trained.modelVersion}` }).click();
  await graph.getByRole('link', { name: 'credit-features v1' }).waitFor();
  await page.close();
});
