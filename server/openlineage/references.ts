/**
 * What a validated OpenLineage event names, read without a database: its idempotency key, the
 * datasets, job and run it mentions, its parent run, and the Modelgate versions it claims to be.
 *
 * Linking convention (a link becomes a `same_as` edge from the OpenLineage node to Modelgate's):
 * - a dataset is a registered dataset version when its facets hold `modelgate.datasetVersionId`, or
 *   when its namespace is `modelgate` and its name is `<dataset name>@v<number>` (the `v` optional);
 * - a run (RunEvent) or job (JobEvent) is what produced a registered model version when its facets
 *   hold `modelgate.modelVersionId`, or when the job's namespace is `modelgate` and its name is
 *   `<model name>@v<version>`.
 */
import type { TEventKind } from './event-schema';
import { isRecord } from './schema';

export const MODELGATE_NAMESPACE = 'modelgate';
const VERSIONED_NAME = /^(.+)@v?(\d{1,9})$/;

export interface TEventKey {
  kind: TEventKind;
  /** RunEvent: the run's UUID, lower case, without a `urn:uuid:` prefix. */
  runId: string | null;
  eventType: string | null;
  /** As stored (after normalisation): an RFC 3339 date-time with a timezone. */
  eventTime: string;
  /** The job's (RunEvent, JobEvent) or the dataset's (DatasetEvent) namespace and name. */
  namespace: string;
  name: string;
}

export interface TDatasetRef {
  /** Where it sits: `inputs[0]`, `outputs[1]` or `dataset`. */
  at: string;
  role: 'input' | 'output' | 'dataset';
  namespace: string;
  name: string;
  facets: Record<string, unknown>;
  claim: TVersionClaim | null;
}

/** A claim that an OpenLineage thing is a Modelgate version: by id (facet) or by `<name>@v<n>` in the modelgate namespace. */
export type TVersionClaim = { by: 'facet'; id: string } | { by: 'name'; name: string; number: number };

export interface TEventReferences {
  job: { namespace: string; name: string; facets: Record<string, unknown> } | null;
  run: { runId: string; facets: Record<string, unknown> } | null;
  datasets: TDatasetRef[];
  parent: { namespace: string; name: string; runId: string } | null;
  /** The model version the run (or, for a JobEvent, the job) produced. */
  model: TVersionClaim | null;
}

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

export function normaliseRunId(runId: string): string {
  return runId.replace(/^urn:uuid:/i, '').toLowerCase();
}

export function eventKeyOf(kind: TEventKind, event: Record<string, unknown>): TEventKey {
  const subject = record(kind === 'DatasetEvent' ? event.dataset : event.job);
  return {
    kind,
    runId: kind === 'RunEvent' ? normaliseRunId(String(record(event.run).runId)) : null,
    eventType: kind === 'RunEvent' && typeof event.eventType === 'string' ? event.eventType : null,
    eventTime: String(event.eventTime),
    namespace: String(subject.namespace),
    name: String(subject.name),
  };
}

function claimOf(namespace: string, name: string, facets: Record<string, unknown>, idKey: 'datasetVersionId' | 'modelVersionId'): TVersionClaim | null {
  const id = record(facets.modelgate)[idKey];
  if (typeof id === 'string') return { by: 'facet', id: normaliseRunId(id) };
  if (namespace !== MODELGATE_NAMESPACE) return null;
  const m = VERSIONED_NAME.exec(name);
  return m ? { by: 'name', name: m[1]!, number: Number(m[2]) } : null;
}

export function referencesOf(kind: TEventKind, event: Record<string, unknown>): TEventReferences {
  const datasets: TDatasetRef[] = [];
  const add = (value: unknown, at: string, role: TDatasetRef['role']) => {
    const d = record(value);
    const namespace = String(d.namespace);
    const name = String(d.name);
    const facets = record(d.facets);
    datasets.push({ at, role, namespace, name, facets, claim: claimOf(namespace, name, facets, 'datasetVersionId') });
  };
  if (kind === 'DatasetEvent') add(event.dataset, 'dataset', 'dataset');
  for (const [i, d] of (Array.isArray(event.inputs) ? event.inputs : []).entries()) add(d, `inputs[${i}]`, 'input');
  for (const [i, d] of (Array.isArray(event.outputs) ? event.outputs : []).entries()) add(d, `outputs[${i}]`, 'output');

  const jobValue = record(event.job);
  const job = kind === 'DatasetEvent' ? null : { namespace: String(jobValue.namespace), name: String(jobValue.name), facets: record(jobValue.facets) };
  const runValue = record(event.run);
  const run = kind === 'RunEvent' ? { runId: normaliseRunId(String(runValue.runId)), facets: record(runValue.facets) } : null;

  const parentFacet = record(run?.facets.parent);
  const parentRunId = record(parentFacet.run).runId;
  const parentJob = record(parentFacet.job);
  const parent =
    typeof parentRunId === 'string' && typeof parentJob.namespace === 'string' && typeof parentJob.name === 'string'
      ? { namespace: parentJob.namespace, name: parentJob.name, runId: normaliseRunId(parentRunId) }
      : null;

  let model: TVersionClaim | null = null;
  if (job) {
    const runClaim = run ? record(record(run.facets).modelgate).modelVersionId : undefined;
    model = typeof runClaim === 'string' ? { by: 'facet', id: normaliseRunId(runClaim) } : claimOf(job.namespace, job.name, job.facets, 'modelVersionId');
  }
  return { job, run, datasets, parent, model };
}
