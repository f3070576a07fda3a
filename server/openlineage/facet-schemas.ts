/**
 * The OpenLineage 2-0-2 facets (spec/facets/*.json at the fixture's commit), written as checker
 * nodes. A facet is checked by its key and where it sits: `run.facets`, `job.facets`, a dataset's
 * `facets`, `inputFacets` or `outputFacets`. A key the spec does not define there is a custom
 * facet and only has to be a facet (an object with `_producer` and `_schemaURL`).
 */
import type { TCheckContext, TNode, TObjectNode } from './schema';

export type TFacetLocation = 'run' | 'job' | 'dataset' | 'input' | 'output';

const SPEC = 'https://openlineage.io/spec';
const str: TNode = { t: 'string' };
const uri: TNode = { t: 'string', format: 'uri' };
const uuid: TNode = { t: 'string', format: 'uuid' };
const dateTime: TNode = { t: 'string', format: 'date-time' };
const int: TNode = { t: 'integer' };
const num: TNode = { t: 'number' };
const bool: TNode = { t: 'boolean' };
const any: TNode = { t: 'any' };
const arr = (items: TNode): TNode => ({ t: 'array', items });
const obj = (props: Record<string, TNode>, required: string[] = [], extra: TNode | false = any, name?: string): TObjectNode => ({
  t: 'object',
  props,
  required,
  extra,
  name,
});
const map = (values: TNode): TNode => obj({}, [], values);

/** Where the generic facet of each location is defined in OpenLineage.json. */
const BASE_NAMES: Record<TFacetLocation, string> = {
  run: 'RunFacet',
  job: 'JobFacet',
  dataset: 'DatasetFacet',
  input: 'InputDatasetFacet',
  output: 'OutputDatasetFacet',
};

/**
 * A facet: the base facet (`_producer`, `_schemaURL`, and `_deleted` on job and dataset facets)
 * merged with its own properties (the spec's allOf of the two). In ingest mode a missing
 * `_producer` takes the event's producer and a missing `_schemaURL` the facet's own schema URL.
 */
function facet(
  location: TFacetLocation,
  name: string,
  schemaUrl: string,
  props: Record<string, TNode> = {},
  required: string[] = [],
  extra: Partial<TObjectNode> = {},
): TObjectNode {
  const deletable: Record<string, TNode> = location === 'job' || location === 'dataset' ? { _deleted: bool } : {};
  return {
    t: 'object',
    name,
    props: { _producer: uri, _schemaURL: uri, ...deletable, ...props },
    required: ['_producer', '_schemaURL', ...required],
    extra: any,
    fill: {
      _producer: (ctx: TCheckContext) => ctx.producer,
      _schemaURL: () => schemaUrl,
    },
    ...extra,
  };
}

function genericFacet(location: TFacetLocation): TNode {
  const name = BASE_NAMES[location];
  return facet(location, name, `${SPEC}/2-0-2/OpenLineage.json#/$defs/${name}`);
}

// Facets of more than one location share these parts.
const tagList = (withField: boolean) => arr(obj({ key: str, value: str, source: str, ...(withField ? { field: str } : {}) }, ['key', 'value']));
const owners = arr(obj({ name: str, type: str }, ['name']));
const columnMetrics = map(
  obj({ nullCount: int, distinctCount: int, sum: num, count: num, min: num, max: num, quantiles: map(num) }),
);
const qualityMetrics = { rowCount: int, bytes: int, fileCount: int, lastUpdated: dateTime, columnMetrics };
/** Older producers (Marquez's own examples, OpenLineage 1-0-1 clients) send dataQualityMetrics without columnMetrics. */
const upgradeQualityMetrics: TObjectNode['upgrade'] = (value, path) =>
  'columnMetrics' in value
    ? null
    : {
        value: { ...value, columnMetrics: {} },
        note: { path: `${path}.columnMetrics`, rule: 'required', action: 'filled', message: 'an older dataQualityMetrics facet without columnMetrics; filled with {}', to: {} },
      };

const runRef = obj({ runId: uuid, facets: map(facetOf('run')) }, ['runId']);
const jobRef = obj({ namespace: str, name: str, facets: map(facetOf('job')) }, ['namespace', 'name']);

function facetOf(location: TFacetLocation): TNode {
  return { t: 'lazy', get: () => genericFacet(location) };
}

// Subsets (BaseSubsetDatasetFacet): conditions are a recursive oneOf told apart by `type`.
const compareExpression: TNode = {
  t: 'oneOf',
  name: 'FieldBaseCompareExpression, LiteralCompareExpression',
  of: [obj({ type: { t: 'string', enum: ['field'] }, field: str }, ['field', 'type']), obj({ type: { t: 'string', enum: ['literal'] }, value: str }, ['value', 'type'])],
};
const subsetCondition: TNode = {
  t: 'oneOf',
  name: 'LocationSubsetCondition, PartitionSubsetCondition, BinarySubsetCondition, CompareSubsetCondition',
  of: [
    obj({ type: { t: 'string', enum: ['location'] }, locations: arr(str) }, ['locations', 'type']),
    obj({ type: { t: 'string', enum: ['partition'] }, partitions: arr(obj({ identifier: str, dimensions: obj({}) }, ['dimensions'])) }, ['partitions', 'type']),
    obj({ type: { t: 'string', enum: ['binary'] }, left: { t: 'lazy', get: () => subsetCondition }, right: { t: 'lazy', get: () => subsetCondition }, operator: str }, ['left', 'right', 'operator', 'type']),
    obj({ type: { t: 'string', enum: ['compare'] }, left: compareExpression, right: compareExpression, comparison: str }, ['left', 'right', 'comparison', 'type']),
  ],
};

// LineageFacet: dataset- or job-level lineage; entries and inputs are oneOf DATASET / JOB.
const transformation = obj({ type: str, subtype: str, description: str, masking: bool }, ['type']);
const lineageInput: TNode = {
  t: 'oneOf',
  name: 'LineageDatasetInput, LineageJobInput',
  of: [
    obj({ namespace: str, name: str, type: { t: 'string', enum: ['DATASET'] }, field: str, transformations: arr(transformation) }, ['namespace', 'name', 'type']),
    { ...obj({ namespace: str, name: str, type: { t: 'string', enum: ['JOB'] }, runId: uuid, transformations: arr(transformation) }, ['type']), dependentRequired: { namespace: ['name'], name: ['namespace'] } },
  ],
};
const lineageField = obj({ inputs: arr(lineageInput) }, ['inputs']);
const lineageEntry: TNode = {
  t: 'oneOf',
  name: 'LineageDatasetEntry, LineageJobEntry',
  of: [
    obj({ namespace: str, name: str, type: { t: 'string', enum: ['DATASET'] }, inputs: arr(lineageInput), fields: map(lineageField) }, ['namespace', 'name', 'type']),
    { ...obj({ namespace: str, name: str, type: { t: 'string', enum: ['JOB'] }, runId: uuid, inputs: arr(lineageInput) }, ['type']), dependentRequired: { namespace: ['name'], name: ['namespace'] } },
  ],
};
const lineageFacet = (location: TFacetLocation): TNode => ({
  t: 'anyOf',
  name: 'LineageDatasetFacet, LineageJobFacet',
  of: [
    facet(location, 'LineageDatasetFacet', `${SPEC}/facets/1-0-0/LineageFacet.json#/$defs/LineageDatasetFacet`, { inputs: arr(lineageInput), fields: map(lineageField) }),
    facet(location, 'LineageJobFacet', `${SPEC}/facets/1-0-0/LineageFacet.json#/$defs/LineageJobFacet`, { entries: arr(lineageEntry) }, ['entries']),
  ],
});

const inputField = obj(
  { namespace: str, name: str, field: str, transformations: arr(obj({ type: str, subtype: str, description: str, masking: bool }, ['type'])) },
  ['namespace', 'name', 'field'],
);

/**
 * Modelgate's own facet, `modelgate`, names the registered thing an OpenLineage dataset, run or job
 * is: `datasetVersionId` on a dataset, `modelVersionId` on a run or job (the model version it trained).
 */
const modelgateFacet = (location: TFacetLocation, props: Record<string, TNode>) =>
  facet(location, 'ModelgateFacet', 'urn:modelgate:facet:modelgate', props);

const dataQualityAssertions = (location: TFacetLocation) =>
  facet(
    location,
    'DataQualityAssertionsDatasetFacet',
    `${SPEC}/facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet`,
    {
      assertions: arr(
        obj(
          { assertion: str, success: bool, column: str, severity: str, name: str, description: str, expected: str, actual: str, content: str, contentType: str, params: obj({}) },
          ['assertion', 'success'],
        ),
      ),
    },
    ['assertions'],
  );

/** The facets the spec defines, by where they sit and their key. */
export const FACETS: Record<TFacetLocation, Record<string, TNode>> = {
  run: {
    parent: facet(
      'run',
      'ParentRunFacet',
      `${SPEC}/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet`,
      {
        run: runRef,
        job: jobRef,
        root: obj({ run: runRef, job: jobRef }, ['run', 'job']),
      },
      ['run', 'job'],
      // The Spark integration sends a parent that names only its job (and root); Marquez keeps it.
      { tolerateMissing: { run: 'a parent facet that names its job but no run; kept, with no parent run to link' } },
    ),
    nominalTime: facet('run', 'NominalTimeRunFacet', `${SPEC}/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet`, { nominalStartTime: dateTime, nominalEndTime: dateTime }, ['nominalStartTime']),
    errorMessage: facet('run', 'ErrorMessageRunFacet', `${SPEC}/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet`, { message: str, programmingLanguage: str, stackTrace: str }, ['message', 'programmingLanguage']),
    environmentVariables: facet(
      'run',
      'EnvironmentVariablesRunFacet',
      `${SPEC}/facets/1-0-0/EnvironmentVariablesRunFacet.json#/$defs/EnvironmentVariablesRunFacet`,
      { environmentVariables: arr(obj({ name: str, value: str }, ['name', 'value'])) },
      ['environmentVariables'],
    ),
    executionParameters: facet('run', 'ExecutionParametersRunFacet', `${SPEC}/facets/1-0-0/ExecutionParametersRunFacet.json#/$defs/ExecutionParametersRunFacet`, {
      parameters: arr(obj({ key: str, name: str, description: str, value: str }, ['key'], false, 'ExecutionParameter')),
    }),
    externalQuery: facet('run', 'ExternalQueryRunFacet', `${SPEC}/facets/1-0-2/ExternalQueryRunFacet.json#/$defs/ExternalQueryRunFacet`, { externalQueryId: str, source: str }, ['externalQueryId', 'source']),
    extractionError: facet(
      'run',
      'ExtractionErrorRunFacet',
      `${SPEC}/facets/1-1-2/ExtractionErrorRunFacet.json#/$defs/ExtractionErrorRunFacet`,
      { totalTasks: int, failedTasks: int, errors: arr(obj({ errorMessage: str, stackTrace: str, task: str, taskNumber: int }, ['errorMessage'])) },
      ['totalTasks', 'failedTasks', 'errors'],
    ),
    processing_engine: facet('run', 'ProcessingEngineRunFacet', `${SPEC}/facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet`, { version: str, name: str, openlineageAdapterVersion: str }, ['version']),
    jobDependencies: facet('run', 'JobDependenciesRunFacet', `${SPEC}/facets/1-0-1/JobDependenciesRunFacet.json#/$defs/JobDependenciesRunFacet`, {
      upstream: arr(obj({ job: obj({ namespace: str, name: str }, ['namespace', 'name']), run: obj({ runId: uuid }, ['runId']), dependency_type: str, sequence_trigger_rule: str, status_trigger_rule: str }, ['job'])),
      downstream: arr(obj({ job: obj({ namespace: str, name: str }, ['namespace', 'name']), run: obj({ runId: uuid }, ['runId']), dependency_type: str, sequence_trigger_rule: str, status_trigger_rule: str }, ['job'])),
      trigger_rule: str,
    }),
    tags: facet('run', 'TagsRunFacet', `${SPEC}/facets/1-0-0/TagsRunFacet.json#/$defs/TagsRunFacet`, { tags: tagList(false) }),
    test: facet(
      'run',
      'TestRunFacet',
      `${SPEC}/facets/1-0-1/TestRunFacet.json#/$defs/TestRunFacet`,
      {
        tests: arr(
          obj({ name: str, status: str, severity: str, type: str, description: str, expected: str, actual: str, content: str, contentType: str, params: obj({}) }, ['name', 'status']),
        ),
      },
      ['tests'],
    ),
    modelgate: modelgateFacet('run', { modelVersionId: uuid }),
  },
  job: {
    documentation: facet('job', 'DocumentationJobFacet', `${SPEC}/facets/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet`, { description: str, contentType: str }, ['description']),
    ownership: facet('job', 'OwnershipJobFacet', `${SPEC}/facets/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet`, { owners }),
    sql: facet('job', 'SQLJobFacet', `${SPEC}/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet`, { query: str, dialect: str }, ['query']),
    sourceCode: facet('job', 'SourceCodeJobFacet', `${SPEC}/facets/1-0-1/SourceCodeJobFacet.json#/$defs/SourceCodeJobFacet`, { language: str, sourceCode: str }, ['language', 'sourceCode']),
    sourceCodeLocation: facet(
      'job',
      'SourceCodeLocationJobFacet',
      `${SPEC}/facets/1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet`,
      { type: str, url: uri, repoUrl: str, path: str, version: str, tag: str, branch: str, pullRequestNumber: str },
      ['type', 'url'],
    ),
    jobType: facet(
      'job',
      'JobTypeJobFacet',
      `${SPEC}/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`,
      {
        processingType: str,
        integration: str,
        jobType: str,
        emissionPattern: obj({ eventTrigger: str, eventContentMode: str, windowDuration: { t: 'integer', minimum: 1 } }, ['eventTrigger', 'eventContentMode']),
      },
      ['processingType', 'integration'],
    ),
    tags: facet('job', 'TagsJobFacet', `${SPEC}/facets/1-0-0/TagsJobFacet.json#/$defs/TagsJobFacet`, { tags: tagList(false) }),
    lineage: lineageFacet('job'),
    modelgate: modelgateFacet('job', { modelVersionId: uuid }),
  },
  dataset: {
    schema: facet('dataset', 'SchemaDatasetFacet', `${SPEC}/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`, { fields: arr({ t: 'lazy', get: () => schemaField }) }),
    dataSource: facet('dataset', 'DatasourceDatasetFacet', `${SPEC}/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet`, { name: str, uri }),
    documentation: facet('dataset', 'DocumentationDatasetFacet', `${SPEC}/facets/1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet`, { description: str, contentType: str }, ['description']),
    ownership: facet('dataset', 'OwnershipDatasetFacet', `${SPEC}/facets/1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet`, { owners }),
    columnLineage: facet(
      'dataset',
      'ColumnLineageDatasetFacet',
      `${SPEC}/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet`,
      { fields: map(obj({ inputFields: arr(inputField), transformationDescription: str, transformationType: str }, ['inputFields'])), dataset: arr(inputField) },
      ['fields'],
    ),
    datasetType: facet('dataset', 'DatasetTypeDatasetFacet', `${SPEC}/facets/1-0-1/DatasetTypeDatasetFacet.json#/$defs/DatasetTypeDatasetFacet`, { datasetType: str, subType: str }, ['datasetType']),
    version: facet('dataset', 'DatasetVersionDatasetFacet', `${SPEC}/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet`, { datasetVersion: str }, ['datasetVersion']),
    lifecycleStateChange: facet(
      'dataset',
      'LifecycleStateChangeDatasetFacet',
      `${SPEC}/facets/1-0-1/LifecycleStateChangeDatasetFacet.json#/$defs/LifecycleStateChangeDatasetFacet`,
      {
        lifecycleStateChange: { t: 'string', enum: ['ALTER', 'CREATE', 'DROP', 'OVERWRITE', 'RENAME', 'TRUNCATE'] },
        previousIdentifier: obj({ name: str, namespace: str }, ['name', 'namespace']),
      },
      ['lifecycleStateChange'],
    ),
    storage: facet('dataset', 'StorageDatasetFacet', `${SPEC}/facets/1-0-1/StorageDatasetFacet.json#/$defs/StorageDatasetFacet`, { storageLayer: str, fileFormat: str }, ['storageLayer']),
    symlinks: facet('dataset', 'SymlinksDatasetFacet', `${SPEC}/facets/1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet`, {
      identifiers: arr(obj({ namespace: str, name: str, type: str }, ['namespace', 'name', 'type'])),
    }),
    tags: facet('dataset', 'TagsDatasetFacet', `${SPEC}/facets/1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet`, { tags: tagList(true) }),
    hierarchy: facet('dataset', 'HierarchyDatasetFacet', `${SPEC}/facets/1-0-0/HierarchyDatasetFacet.json#/$defs/HierarchyDatasetFacet`, { hierarchy: arr(obj({ type: str, name: str }, ['type', 'name'])) }, ['hierarchy']),
    catalog: facet(
      'dataset',
      'CatalogDatasetFacet',
      `${SPEC}/facets/1-1-0/CatalogDatasetFacet.json#/$defs/CatalogDatasetFacet`,
      { framework: str, type: str, name: str, metadataUri: str, warehouseUri: str, source: str, catalogProperties: map(str) },
      ['framework', 'type', 'name'],
    ),
    dataQualityMetrics: facet(
      'dataset',
      'DataQualityMetricsDatasetFacet',
      `${SPEC}/facets/1-0-0/DataQualityMetricsDatasetFacet.json#/$defs/DataQualityMetricsDatasetFacet`,
      qualityMetrics,
      ['columnMetrics'],
      { upgrade: upgradeQualityMetrics },
    ),
    lineage: lineageFacet('dataset'),
    modelgate: modelgateFacet('dataset', { datasetVersionId: uuid }),
  },
  input: {
    dataQualityMetrics: facet(
      'input',
      'DataQualityMetricsInputDatasetFacet',
      `${SPEC}/facets/1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet`,
      qualityMetrics,
      ['columnMetrics'],
      { upgrade: upgradeQualityMetrics },
    ),
    dataQualityAssertions: dataQualityAssertions('input'),
    inputStatistics: facet('input', 'InputStatisticsInputDatasetFacet', `${SPEC}/facets/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet`, { rowCount: int, size: int, fileCount: int }),
    subset: facet('input', 'InputSubsetInputDatasetFacet', `${SPEC}/facets/1-0-0/BaseSubsetDatasetFacet.json#/$defs/InputSubsetInputDatasetFacet`, { inputCondition: subsetCondition }, ['inputCondition']),
  },
  output: {
    outputStatistics: facet('output', 'OutputStatisticsOutputDatasetFacet', `${SPEC}/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet`, { rowCount: int, size: int, fileCount: int }),
    subset: facet('output', 'OutputSubsetOutputDatasetFacet', `${SPEC}/facets/1-0-0/BaseSubsetDatasetFacet.json#/$defs/OutputSubsetOutputDatasetFacet`, { outputCondition: subsetCondition }, ['outputCondition']),
  },
};

const schemaField: TNode = obj(
  { name: str, type: str, description: str, ordinal_position: int, fields: arr({ t: 'lazy', get: () => schemaField }) },
  ['name'],
  any,
  'SchemaDatasetFacetFields',
);

/** The `facets` (or inputFacets/outputFacets) object of one location: known keys by their schema, the rest as custom facets. */
export function facetsAt(location: TFacetLocation): TNode {
  return { t: 'object', name: `${BASE_NAMES[location]}s`, props: FACETS[location], extra: genericFacet(location) };
}
