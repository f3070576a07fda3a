/**
 * The three OpenLineage 2-0-2 events (spec/OpenLineage.json): RunEvent, DatasetEvent and JobEvent,
 * each a BaseEvent (eventTime, producer, schemaURL) with its own parts. The top level is
 * `oneOf` the three; validate-event.ts decides which one an event is meant to be.
 */
import { facetsAt } from './facet-schemas';
import type { TNode, TObjectNode } from './schema';

export const EVENT_KINDS = ['RunEvent', 'DatasetEvent', 'JobEvent'] as const;
export type TEventKind = (typeof EVENT_KINDS)[number];

export const RUN_EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;

/** Filled in when a producer leaves `producer` out (the Spark integration's serde tests do). */
export const UNKNOWN_PRODUCER = 'urn:modelgate:unknown-producer';
export const SPEC_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';

const str: TNode = { t: 'string' };

function dataset(name: string, extra: Record<string, TNode>): TObjectNode {
  return { t: 'object', name, props: { namespace: str, name: str, facets: facetsAt('dataset'), ...extra }, required: ['namespace', 'name'] };
}

const inputDataset = dataset('InputDataset', { inputFacets: facetsAt('input') });
const outputDataset = dataset('OutputDataset', { outputFacets: facetsAt('output') });
const job: TObjectNode = { t: 'object', name: 'Job', props: { namespace: str, name: str, facets: facetsAt('job') }, required: ['namespace', 'name'] };
const run: TObjectNode = { t: 'object', name: 'Run', props: { runId: { t: 'string', format: 'uuid' }, facets: facetsAt('run') }, required: ['runId'] };

function event(kind: TEventKind, props: Record<string, TNode>, required: string[]): TObjectNode {
  return {
    t: 'object',
    name: kind,
    props: { eventTime: { t: 'string', format: 'date-time' }, producer: { t: 'string', format: 'uri' }, schemaURL: { t: 'string', format: 'uri' }, ...props },
    required: ['eventTime', 'producer', 'schemaURL', ...required],
    fill: {
      producer: () => UNKNOWN_PRODUCER,
      schemaURL: () => `${SPEC_SCHEMA_URL}#/$defs/${kind}`,
    },
  };
}

const ioProps = { inputs: { t: 'array', items: inputDataset }, outputs: { t: 'array', items: outputDataset } } as const satisfies Record<string, TNode>;

export const EVENT_SCHEMAS: Record<TEventKind, TObjectNode> = {
  RunEvent: event('RunEvent', { eventType: { t: 'string', enum: RUN_EVENT_TYPES }, run, job, ...ioProps }, ['run', 'job']),
  DatasetEvent: event('DatasetEvent', { dataset: dataset('StaticDataset', {}) }, ['dataset']),
  JobEvent: event('JobEvent', { job, ...ioProps }, ['job']),
};

/** The `not: { required: [...] }` of DatasetEvent (not both job and run) and JobEvent (no run). */
export const EVENT_EXCLUSIONS: Record<TEventKind, readonly string[] | null> = {
  RunEvent: null,
  DatasetEvent: ['job', 'run'],
  JobEvent: ['run'],
};
