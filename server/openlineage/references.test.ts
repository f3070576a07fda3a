import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventKeyOf, referencesOf } from './references';

const facet = { _producer: 'https://example.com/p', _schemaURL: 'https://example.com/s' };

test('keys: a RunEvent by run, type and time; a static event by what it describes and time', () => {
  const run = { eventTime: '2026-01-01T00:00:00Z', eventType: 'START', run: { runId: 'URN:UUID:0B5A1C3E-8D41-4F6A-9A57-3A1F4E8E2C10' }, job: { namespace: 'a', name: 'j' } };
  assert.deepEqual(eventKeyOf('RunEvent', run), { kind: 'RunEvent', runId: '0b5a1c3e-8d41-4f6a-9a57-3a1f4e8e2c10', eventType: 'START', eventTime: '2026-01-01T00:00:00Z', namespace: 'a', name: 'j' });
  assert.equal(eventKeyOf('RunEvent', { ...run, eventType: undefined }).eventType, null);
  const dataset = { eventTime: '2026-01-01T00:00:00Z', dataset: { namespace: 'pg', name: 't' } };
  assert.deepEqual(eventKeyOf('DatasetEvent', dataset), { kind: 'DatasetEvent', runId: null, eventType: null, eventTime: '2026-01-01T00:00:00Z', namespace: 'pg', name: 't' });
});

test('claims: modelgate names with or without v, the modelgate facet, nothing elsewhere', () => {
  const refs = referencesOf('RunEvent', {
    run: { runId: '0b5a1c3e-8d41-4f6a-9a57-3a1f4e8e2c10', facets: { parent: { ...facet, run: { runId: '11111111-2222-4333-8444-555555555555' }, job: { namespace: 'airflow', name: 'dag' } } } },
    job: { namespace: 'modelgate', name: 'credit-default-classifier@v3' },
    inputs: [
      { namespace: 'modelgate', name: 'loan-applicants@2' },
      { namespace: 'modelgate', name: 'loan@applicants' },
      { namespace: 'pg', name: 'loan-applicants@v2' },
      { namespace: 'pg', name: 't', facets: { modelgate: { ...facet, datasetVersionId: '0B5A1C3E-8D41-4F6A-9A57-3A1F4E8E2C10' } } },
    ],
    outputs: [{ namespace: 's3', name: 'o' }],
  });
  assert.deepEqual(refs.model, { by: 'name', name: 'credit-default-classifier', number: 3 });
  assert.deepEqual(refs.datasets.map((d) => [d.at, d.role, d.claim]), [
    ['inputs[0]', 'input', { by: 'name', name: 'loan-applicants', number: 2 }],
    ['inputs[1]', 'input', null],
    ['inputs[2]', 'input', null],
    ['inputs[3]', 'input', { by: 'facet', id: '0b5a1c3e-8d41-4f6a-9a57-3a1f4e8e2c10' }],
    ['outputs[0]', 'output', null],
  ]);
  assert.deepEqual(refs.parent, { namespace: 'airflow', name: 'dag', runId: '11111111-2222-4333-8444-555555555555' });
  // A run facet naming the model version wins over the job's name.
  const byFacet = referencesOf('RunEvent', { run: { runId: 'x', facets: { modelgate: { ...facet, modelVersionId: 'ABC' } } }, job: { namespace: 'modelgate', name: 'm@v1' } });
  assert.deepEqual(byFacet.model, { by: 'facet', id: 'abc' });
  assert.equal(referencesOf('DatasetEvent', { dataset: { namespace: 'modelgate', name: 'd@v1' } }).model, null);
});
