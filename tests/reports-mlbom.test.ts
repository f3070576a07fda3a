import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TDatabase } from '@/db/client';
import { buildMlBom, validateCycloneDxJson, VALIDATED_SPEC_VERSIONS } from '@/reports/mlbom';
import { generateReport } from '@/server/services/reports';
import { createTestDatabase } from './helpers/db';
import { createApprovedVersion } from './helpers/reports';

const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures', 'cyclonedx');
const SPEC_TESTS = join(FIXTURES, 'cyclonedx-spec-tests');

let database: TDatabase;
let fx: Awaited<ReturnType<typeof createApprovedVersion>>;
const realFetch = globalThis.fetch;

before(async () => {
  // The validator must work offline: any attempt to fetch a schema fails the test.
  globalThis.fetch = (() => Promise.reject(new Error('network used by the CycloneDX validator'))) as typeof fetch;
  database = await createTestDatabase();
  fx = await createApprovedVersion(database.db);
});
after(async () => {
  globalThis.fetch = realFetch;
  await database.close();
});

test('our ML-BOM export is CycloneDX 1.6 and validates: model with modelCard and metrics, dataset with classification, libraries', async () => {
  const result = await generateReport(fx.auditor, { subjectType: 'ModelVersion', subjectId: fx.version.id, format: 'mlbom' });
  assert.equal(result.kind, 'file');
  const file = (result as Extract<typeof result, { kind: 'file' }>).file;
  assert.equal(await validateCycloneDxJson(file.bytes.toString('utf8')), null, 'valid under the strict 1.6 schema');
  const bom = JSON.parse(file.bytes.toString('utf8'));
  assert.equal(bom.specVersion, '1.6');
  const model = bom.components.find((c: { type: string }) => c.type === 'machine-learning-model');
  assert.deepEqual(model.hashes, [{ alg: 'SHA-256', content: fx.version.artifactSha256 }]);
  assert.deepEqual(model.modelCard.quantitativeAnalysis.performanceMetrics, [{ type: 'auc', value: '0.9' }]);
  assert.deepEqual(model.modelCard.considerations.useCases, ['Tests.']);
  const data = bom.components.find((c: { type: string }) => c.type === 'data');
  assert.equal(data.data[0].classification, 'confidential');
  assert.deepEqual(data.hashes, [{ alg: 'SHA-256', content: fx.datasetVersion.sha256 }]);
  assert.deepEqual(model.modelCard.modelParameters.datasets, [{ ref: data['bom-ref'] }]);
});

test('libraries from the version’s dependencies become library components the model depends on', async () => {
  const report = {
    ...(JSON.parse(
      (await generateReport(fx.auditor, { subjectType: 'ModelVersion', subjectId: fx.version.id, format: 'json' }).then((r) => (r as Extract<typeof r, { kind: 'file' }>).file.bytes)).toString('utf8'),
    ) as Parameters<typeof buildMlBom>[0]),
  };
  report.facts = { ...report.facts, dependencies: { 'scikit-learn': '1.5.2', onnx: '1.17.0' } };
  const bom = buildMlBom(report) as { components: { type: string; name: string; version: string; 'bom-ref': string }[]; dependencies: { ref: string; dependsOn: string[] }[] };
  const libs = bom.components.filter((c) => c.type === 'library');
  assert.deepEqual(libs.map((l) => `${l.name}@${l.version}`), ['onnx@1.17.0', 'scikit-learn@1.5.2']);
  assert.ok(libs.every((l) => bom.dependencies[0]!.dependsOn.includes(l['bom-ref'])));
  assert.equal(await validateCycloneDxJson(JSON.stringify(bom)), null);
});

test('the validator rejects every mlbom-*invalid* fixture, naming the problem', async () => {
  const invalid = readdirSync(FIXTURES).filter((f) => /^mlbom-.*invalid.*\.json$/.test(f));
  assert.equal(invalid.length, 4);
  for (const name of invalid) {
    const errors = await validateCycloneDxJson(readFileSync(join(FIXTURES, name), 'utf8'));
    assert.ok(Array.isArray(errors) && errors.length > 0, `${name} is rejected`);
  }
  const enumErrors = (await validateCycloneDxJson(readFileSync(join(FIXTURES, 'mlbom-1.6-invalid-approach-enum.json'), 'utf8'))) as { instancePath: string }[];
  assert.ok(enumErrors.some((e) => e.instancePath.endsWith('/approach/type')));
});

test(`the validator accepts the valid ML files of the spec versions the library supports (${VALIDATED_SPEC_VERSIONS.join(', ')})`, async () => {
  const valid = [
    ...readdirSync(FIXTURES).filter((f) => /^mlbom-.*-valid\.json$/.test(f)).map((f) => join(FIXTURES, f)),
    ...readdirSync(SPEC_TESTS, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(SPEC_TESTS, f)),
  ];
  const versions = new Set<string>();
  for (const path of valid) {
    const text = readFileSync(path, 'utf8');
    versions.add(JSON.parse(text).specVersion);
    assert.equal(await validateCycloneDxJson(text), null, `${path} is valid`);
  }
  assert.deepEqual([...versions].sort(), [...VALIDATED_SPEC_VERSIONS]);
  assert.ok(valid.length >= 10);
});
