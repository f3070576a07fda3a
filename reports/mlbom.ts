// CycloneDX 1.6 ML-BOM of a model version: the model component (type machine-learning-model, its
// artifact hash, a modelCard built from ours, metrics as performanceMetrics), one `data` component per
// training dataset version (classification, content hash) and one `library` per dependency.
//
// @cyclonedx/cyclonedx-library has no modelCard object model, so the JSON is built here and the
// serialised string is validated with its JsonStrictValidator (ajv over the schemas bundled in
// node_modules/@cyclonedx/cyclonedx-library/res/schema; its ajv options refuse remote schemas, so it
// never touches the network). An invalid BOM is never served.
import { randomUUID } from 'node:crypto';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import type { TModelVersionReport } from './types';

export const MLBOM_SPEC_VERSION = '1.6';

/** Spec versions the installed library validates (10.x: 1.0 … 1.7; ML-BOM fields exist from 1.5). */
export const VALIDATED_SPEC_VERSIONS = ['1.5', '1.6', '1.7'] as const;

export class MlBomInvalidError extends Error {
  constructor(readonly errors: unknown) {
    super(`The ML-BOM does not validate against CycloneDX ${MLBOM_SPEC_VERSION}: ${JSON.stringify(errors).slice(0, 500)}`);
  }
}

type TJsonObject = Record<string, unknown>;

const bomRef = {
  model: (id: string) => `modelgate:model-version:${id}`,
  card: (id: string) => `modelgate:model-card:${id}`,
  data: (id: string) => `modelgate:dataset-version:${id}`,
  library: (name: string, version: string) => `modelgate:library:${name}@${version}`,
};

/** The ML-BOM as a JSON object (specVersion 1.6). */
export function buildMlBom(report: TModelVersionReport): TJsonObject {
  const f = report.facts;
  const modelRef = bomRef.model(report.subject.id);
  const datasets = report.trainingData.filter((d) => !('hidden' in d)) as Exclude<TModelVersionReport['trainingData'][number], { hidden: true }>[];
  const libraries = Object.entries(f.dependencies).sort(([a], [b]) => a.localeCompare(b));
  const code = (c: TModelVersionReport['facts']['trainingCode']) => ('commit' in c ? c : null);
  const externalReferences = [
    code(f.trainingCode) && { type: 'vcs', url: code(f.trainingCode)!.repository, comment: `training code at commit ${code(f.trainingCode)!.commit}` },
    code(f.predictionCode) && { type: 'vcs', url: code(f.predictionCode)!.repository, comment: `prediction code at commit ${code(f.predictionCode)!.commit}` },
  ].filter(Boolean);
  const properties = [
    { name: 'modelgate:team', value: f.team },
    { name: 'modelgate:risk-tier', value: f.riskTier },
    { name: 'modelgate:artifact-format', value: f.artifact.format },
    { name: 'modelgate:artifact-size', value: String(f.artifact.size) },
    { name: 'modelgate:registered-at', value: f.createdAt },
    ...('contentSha256' in f.trainingCode ? [{ name: 'modelgate:training-code-sha256', value: f.trainingCode.contentSha256 }] : []),
    ...('contentSha256' in f.predictionCode ? [{ name: 'modelgate:prediction-code-sha256', value: f.predictionCode.contentSha256 }] : []),
    ...(f.lockfileSha256 ? [{ name: 'modelgate:lockfile-sha256', value: f.lockfileSha256 }] : []),
    ...Object.entries(f.parameters).map(([k, v]) => ({ name: `modelgate:parameter:${k}`, value: String(v) })),
    ...report.promotions.map((p) => ({ name: `modelgate:promotion:${p.environment}`, value: p.state })),
  ];
  const tensor = (t: { name: string; type: string; shape: (number | string | null)[] | null }) => ({
    format: `${t.name}: ${t.type}${t.shape ? ` [${t.shape.map((d) => d ?? '?').join(', ')}]` : ''}`,
  });
  const modelParameters: TJsonObject = {
    ...(datasets.length ? { datasets: datasets.map((d) => ({ ref: bomRef.data(d.id) })) } : {}),
    ...(f.signature?.inputs.length ? { inputs: f.signature.inputs.map(tensor) } : {}),
    ...(f.signature?.outputs.length ? { outputs: f.signature.outputs.map(tensor) } : {}),
  };
  const metrics = Object.entries(f.metrics).map(([type, value]) => ({ type, value: String(value) }));
  const considerations: TJsonObject = {
    ...(report.modelCard.intendedUse ? { useCases: [report.modelCard.intendedUse] } : {}),
    ...(report.modelCard.limitations ? { technicalLimitations: [report.modelCard.limitations] } : {}),
    ...(report.modelCard.ethicalConsiderations ? { ethicalConsiderations: [{ name: report.modelCard.ethicalConsiderations }] } : {}),
  };
  const modelCard: TJsonObject = {
    'bom-ref': bomRef.card(report.subject.id),
    ...(Object.keys(modelParameters).length ? { modelParameters } : {}),
    ...(metrics.length ? { quantitativeAnalysis: { performanceMetrics: metrics } } : {}),
    ...(Object.keys(considerations).length ? { considerations } : {}),
  };
  const model: TJsonObject = {
    type: 'machine-learning-model',
    'bom-ref': modelRef,
    group: f.team,
    name: f.model,
    version: String(f.version),
    ...(f.description ? { description: f.description } : {}),
    hashes: [{ alg: 'SHA-256', content: f.artifact.sha256 }],
    ...(externalReferences.length ? { externalReferences } : {}),
    properties,
    modelCard,
  };
  const dataComponents = datasets.map((d) => ({
    type: 'data',
    'bom-ref': bomRef.data(d.id),
    group: d.team,
    name: d.dataset,
    version: String(d.number),
    hashes: [{ alg: 'SHA-256', content: d.sha256 }],
    data: [
      {
        type: 'dataset',
        name: `${d.dataset} v${d.number} (${d.fileName})`,
        ...(d.classification ? { classification: d.classification } : {}),
        ...(d.scan?.findings.length ? { sensitiveData: [...new Set(d.scan.findings.map((x) => `${x.entityType} in ${x.location}`))] } : {}),
        governance: { owners: [{ contact: { name: d.owner } }] },
      },
    ],
    properties: [
      { name: 'modelgate:format', value: d.format },
      { name: 'modelgate:size', value: String(d.size) },
      ...(d.rowCount === null ? [] : [{ name: 'modelgate:rows', value: String(d.rowCount) }]),
      ...(d.scan ? [{ name: 'modelgate:pii-scan', value: `${d.scan.status} (scanner ${d.scan.scannerVersion})` }] : []),
    ],
  }));
  const libraryComponents = libraries.map(([name, version]) => ({ type: 'library', 'bom-ref': bomRef.library(name, version), name, version }));
  return {
    bomFormat: 'CycloneDX',
    specVersion: MLBOM_SPEC_VERSION,
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: report.generatedAt.replace(/\.\d+Z$/, 'Z'),
      tools: { components: [{ type: 'application', name: 'modelgate', version: report.generator.version }] },
      properties: [{ name: 'modelgate:generated-for', value: report.generatedFor.label }],
    },
    components: [model, ...dataComponents, ...libraryComponents],
    dependencies: [
      { ref: modelRef, dependsOn: [...dataComponents.map((d) => d['bom-ref']), ...libraryComponents.map((l) => l['bom-ref'])] },
      ...dataComponents.map((d) => ({ ref: d['bom-ref'], dependsOn: [] })),
      ...libraryComponents.map((l) => ({ ref: l['bom-ref'], dependsOn: [] })),
    ],
  };
}

const validators = new Map<string, Validation.JsonStrictValidator>();

/**
 * Validates a CycloneDX JSON document with the library's strict schema for its specVersion.
 * Returns null when valid, else the validator's errors. Throws for a spec version the library
 * cannot validate.
 */
export async function validateCycloneDxJson(json: string): Promise<null | unknown> {
  let specVersion: unknown;
  try {
    specVersion = (JSON.parse(json) as { specVersion?: unknown }).specVersion;
  } catch {
    return [{ message: 'not JSON' }];
  }
  const version = Object.values(Spec.Version).find((v) => v === specVersion);
  if (!version) return [{ message: `unsupported specVersion ${String(specVersion)}` }];
  let validator = validators.get(version);
  if (!validator) validators.set(version, (validator = new Validation.JsonStrictValidator(version)));
  return validator.validate(json);
}

/** The served bytes: built, serialised and validated; throws MlBomInvalidError instead of serving an invalid BOM. */
export async function renderMlBom(report: TModelVersionReport): Promise<Buffer> {
  const json = `${JSON.stringify(buildMlBom(report), null, 2)}\n`;
  const errors = await validateCycloneDxJson(json);
  if (errors !== null) throw new MlBomInvalidError(errors);
  return Buffer.from(json, 'utf8');
}
