import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { TFacetLocation } from './facet-schemas';
import { validateFacets, validateOpenLineageEvent, type TValidation } from './validate-event';

const fixtures = new URL('../../../shared/fixtures/openlineage/', import.meta.url);
const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, fixtures), 'utf8'));
const files = (dir: string) => readdirSync(new URL(dir, fixtures)).filter((f) => f.endsWith('.json')).sort();

/** The fixture README's list of events that are strictly valid against spec/OpenLineage.json. */
const STRICTLY_VALID = [
  'marquez__event_dataset_event.json',
  'marquez__event_job_event.json',
  'marquez__event_namespace_naming.json',
  'marquez__event_required_nanoseconds.json',
  'marquez__event_required_only.json',
  'marquez__event_simple.json',
  'marquez__event_unicode.json',
  'ol-fluentd__event_simple.json',
  'ol-pyclient__example_full_event.json',
  'ol-spec__example_full_event.json',
];

function issuesOf(v: TValidation) {
  return v.ok ? [] : v.issues.map((i) => `${i.path} ${i.rule}`);
}

test('strict mode accepts exactly the events the fixtures call strictly valid', () => {
  const strict = files('events/complete/').filter((f) => validateOpenLineageEvent(read(`events/complete/${f}`), 'strict').ok);
  assert.deepEqual(strict, STRICTLY_VALID);
});

test('ingest mode accepts every complete event; a strictly valid one comes back untouched', () => {
  for (const f of files('events/complete/')) {
    const event = read(`events/complete/${f}`);
    const v = validateOpenLineageEvent(event, 'ingest');
    assert.ok(v.ok, `${f}: ${JSON.stringify(issuesOf(v))}`);
    if (STRICTLY_VALID.includes(f)) {
      assert.equal(v.event, event, f);
      assert.deepEqual(v.normalisations, [], f);
    } else {
      assert.ok(v.normalisations.length > 0, `${f} should list what was normalised`);
      // What ingest keeps is itself strictly valid, except what it tolerated on purpose.
      const again = validateOpenLineageEvent(v.event, 'strict');
      const tolerated = v.normalisations.filter((n) => n.action === 'tolerated').map((n) => `${n.path} required`);
      assert.deepEqual(issuesOf(again).filter((i) => !tolerated.includes(i)), [], f);
    }
  }
});

test('the drift Marquez accepts is normalised and named', () => {
  const noTz = validateOpenLineageEvent(read('events/complete/marquez__event_required_no_timezone.json'), 'ingest');
  assert.ok(noTz.ok);
  assert.equal(noTz.event.eventTime, '2020-12-28T19:51:01.641499Z');
  assert.deepEqual(noTz.normalisations.map((n) => [n.path, n.message]), [['eventTime', 'no timezone; read as UTC']]);

  const full = validateOpenLineageEvent(read('events/complete/marquez__event_full.json'), 'ingest');
  assert.ok(full.ok);
  const inputs = full.event.inputs as { facets: { dataSource: { uri: string } }; inputFacets: { dataQualityMetrics: { columnMetrics: unknown } } }[];
  assert.equal(inputs[0]!.facets.dataSource.uri, 'urn:modelgate:unparsed-uri:string');
  assert.deepEqual(inputs[0]!.inputFacets.dataQualityMetrics.columnMetrics, {});
  assert.deepEqual(full.normalisations.map((n) => n.path), [
    'inputs[0].inputFacets.dataQualityMetrics.columnMetrics',
    'inputs[0].facets.dataSource.uri',
    'outputs[0].facets.dataSource.uri',
  ]);

  const spark = validateOpenLineageEvent(read('events/complete/ol-spark-serde__openlineage-event.json'), 'ingest');
  assert.ok(spark.ok);
  assert.equal(spark.event.producer, 'urn:modelgate:unknown-producer');
  assert.equal(spark.event.schemaURL, 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent');
  const sql = (spark.event.job as { facets: { sql: Record<string, string> } }).facets.sql;
  assert.equal(sql._schemaURL, 'https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet');
  assert.ok(spark.normalisations.some((n) => n.path === 'run.facets.parent.run' && n.action === 'tolerated'));
});

test('every negative event is rejected with the field path and rule that break', () => {
  const expected: Record<string, string[]> = {
    'ol-fluentd__event_invalid_job_facet.json': ['job.facets.ownership.owners[0].name required'],
    'ol-fluentd__event_invalid_run_facet.json': ['run.facets.parent.run.runId required'],
    'ol-fluentd__event_no_run_id.json': ['run.runId required'],
  };
  assert.deepEqual(files('events/negative/'), Object.keys(expected));
  for (const [f, issues] of Object.entries(expected)) {
    for (const mode of ['strict', 'ingest'] as const) assert.deepEqual(issuesOf(validateOpenLineageEvent(read(`events/negative/${f}`), mode)), issues, `${f} ${mode}`);
  }
});

/** Where the facets of each spec test folder sit (the facet's base type), by its name. */
function locationsOf(dir: string): TFacetLocation[] {
  if (dir === 'BaseSubsetDatasetFacet') return ['input', 'output'];
  if (dir === 'LineageFacet') return ['job', 'dataset'];
  if (dir.endsWith('InputDatasetFacet') || dir === 'DataQualityAssertionsDatasetFacet') return ['input'];
  if (dir.endsWith('OutputDatasetFacet')) return ['output'];
  if (dir.endsWith('DatasetFacet')) return ['dataset'];
  if (dir.endsWith('JobFacet')) return ['job'];
  return ['run'];
}

test('the spec’s own facet examples are valid where they belong, and the full example event', () => {
  const dirs = readdirSync(new URL('spec/tests/', fixtures), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.ok(dirs.length >= 30);
  for (const dir of dirs) {
    for (const f of files(`spec/tests/${dir}/`)) {
      const facets = read(`spec/tests/${dir}/${f}`);
      const results = locationsOf(dir).map((loc) => validateFacets(loc, facets).issues);
      assert.ok(results.some((r) => r.length === 0), `${dir}/${f}: ${JSON.stringify(results)}`);
    }
  }
  assert.ok(validateOpenLineageEvent(read('spec/tests/example_full_event.json')).ok);
});

const RUN = '3f5e83fa-3480-44ff-99c5-ff943904e5e8';
const base = { eventTime: '2024-05-01T10:00:00Z', producer: 'https://example.com/p', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent' };
const runEvent = (extra: Record<string, unknown> = {}) => ({ ...base, eventType: 'START', run: { runId: RUN }, job: { namespace: 'ns', name: 'job' }, ...extra });
const facet = { _producer: 'https://example.com/p', _schemaURL: 'https://example.com/s' };

test('the spec’s rules, each named by path and rule', () => {
  const cases: [string, unknown, string[]][] = [
    ['not an object', [], ['(event) type']],
    ['neither run, job nor dataset', base, ['(event) oneOf']],
    ['unknown eventType', runEvent({ eventType: 'DONE' }), ['eventType enum']],
    ['runId not a UUID', runEvent({ run: { runId: 'run-1' } }), ['run.runId format:uuid']],
    ['job without a name', runEvent({ job: { namespace: 'ns' } }), ['job.name required']],
    ['inputs not an array', runEvent({ inputs: {} }), ['inputs type']],
    ['input name a number', runEvent({ inputs: [{ namespace: 'ns', name: 3 }] }), ['inputs[0].name type']],
    ['impossible date', runEvent({ eventTime: '2023-02-30T10:00:00Z' }), ['eventTime format:date-time']],
    ['facet not an object', runEvent({ run: { runId: RUN, facets: { custom: 'x' } } }), ['run.facets.custom type']],
    ['SQL facet without a query', runEvent({ job: { namespace: 'ns', name: 'j', facets: { sql: { ...facet } } } }), ['job.facets.sql.query required']],
    ['execution parameter with an unknown key', runEvent({ run: { runId: RUN, facets: { executionParameters: { ...facet, parameters: [{ key: 'k', extra: 1 }] } } } }), ['run.facets.executionParameters.parameters[0].extra additionalProperties']],
    ['job type with windowDuration 0', runEvent({ job: { namespace: 'ns', name: 'j', facets: { jobType: { ...facet, processingType: 'BATCH', integration: 'SPARK', emissionPattern: { eventTrigger: 'x', eventContentMode: 'y', windowDuration: 0 } } } } }), ['job.facets.jobType.emissionPattern.windowDuration minimum']],
    ['lifecycle change not in the enum', { ...base, dataset: { namespace: 'ns', name: 'd', facets: { lifecycleStateChange: { ...facet, lifecycleStateChange: 'MOVE' } } } }, ['dataset.facets.lifecycleStateChange.lifecycleStateChange enum']],
    ['job and dataset without run is both a JobEvent and a DatasetEvent', { ...base, job: { namespace: 'ns', name: 'j' }, dataset: { namespace: 'ns', name: 'd' } }, ['(event) oneOf']],
    ['a JobEvent with a run', { ...base, job: { namespace: 'ns', name: 'j' }, run: {} }, ['run.runId required']],
    ['an integer metric with a fraction', runEvent({ outputs: [{ namespace: 'ns', name: 'o', outputFacets: { outputStatistics: { ...facet, rowCount: 1.5 } } }] }), ['outputs[0].outputFacets.outputStatistics.rowCount type']],
    ['a deleted flag that is not boolean', runEvent({ job: { namespace: 'ns', name: 'j', facets: { x: { ...facet, _deleted: 'yes' } } } }), ['job.facets.x._deleted type']],
  ];
  for (const [name, event, issues] of cases) {
    assert.deepEqual(issuesOf(validateOpenLineageEvent(event, 'ingest')), issues, name);
    assert.deepEqual(issuesOf(validateOpenLineageEvent(event, 'strict')), issues, name);
  }
});

test('strict mode refuses the drift ingest repairs', () => {
  const cases: [unknown, string, unknown][] = [
    [runEvent({ eventTime: '2024-05-01 10:00:00Z' }), 'eventTime', '2024-05-01T10:00:00Z'],
    [runEvent({ eventTime: '2024-05-01T10:00' }), 'eventTime', '2024-05-01T10:00:00Z'],
    [runEvent({ producer: 'not a uri' }), 'producer', 'urn:modelgate:unparsed-uri:not%20a%20uri'],
  ];
  for (const [event, key, repaired] of cases) {
    assert.equal(validateOpenLineageEvent(event, 'strict').ok, false);
    const v = validateOpenLineageEvent(event, 'ingest');
    assert.ok(v.ok);
    assert.equal(v.event[key], repaired);
  }
});

test('subset conditions and lineage entries: recursive oneOf told apart by type', () => {
  const subset = { ...facet, inputCondition: { type: 'binary', operator: 'AND', left: { type: 'location', locations: ['s3://a'] }, right: { type: 'compare', comparison: 'EQUAL', left: { type: 'field', field: 'x' }, right: { type: 'literal', value: '1' } } } };
  assert.deepEqual(validateFacets('input', { subset }).issues, []);
  const broken = { ...subset, inputCondition: { ...subset.inputCondition, right: { type: 'compare', comparison: 'EQUAL', left: { type: 'field' }, right: { type: 'literal', value: '1' } } } };
  assert.ok(validateFacets('input', { subset: broken }).issues.some((i) => i.path === 'subset.inputCondition.right.left.field' && i.rule === 'required'));
  // A job input naming a namespace without a name breaks dependentRequired; no branch of the anyOf holds.
  const lineage = { ...facet, fields: { total: { inputs: [{ type: 'JOB', namespace: 'ns' }] } } };
  assert.ok(validateFacets('dataset', { lineage }).issues.some((i) => i.path.startsWith('lineage.fields.total.inputs[0]')));
  assert.deepEqual(validateFacets('dataset', { lineage: { ...lineage, fields: { total: { inputs: [{ type: 'JOB', namespace: 'ns', name: 'j' }] } } } }).issues, []);
});

test('strings PostgreSQL cannot store are refused by path', () => {
  const v = validateOpenLineageEvent(runEvent({ job: { namespace: 'ns', name: 'a\u0000b' } }), 'ingest');
  assert.deepEqual(issuesOf(v), ['job.name storable']);
  const surrogate = validateOpenLineageEvent(runEvent({ inputs: [{ namespace: 'ns', name: 'ok \ud83d\ude00', facets: { x: { ...facet, note: 'half \ud83d' } } }] }), 'ingest');
  assert.deepEqual(issuesOf(surrogate), ['inputs[0].facets.x.note storable']);
  // A backslash followed by u0000 is text, not NUL.
  assert.ok(validateOpenLineageEvent(runEvent({ job: { namespace: 'ns', name: 'C:\\u0000' } }), 'ingest').ok);
});
