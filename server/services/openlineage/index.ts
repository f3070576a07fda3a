export { ingestOpenLineageEvent, type TIngestResult } from './ingest-event';
export { readStoredEvent } from './read-event';
export type { TLinkTarget } from './resolve-links';
export type { TLinkView } from './write-graph';
