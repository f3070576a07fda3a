// Public API of the PII scanner (a pure library: no database, no network).
export type { TClassification, TFinding, TLocation, TMatch } from './types';
export { SCANNER_VERSION } from './version';
export { scanText, resolveOverlaps, type TScanOptions } from './scan-text';
export { DETECTORS, ENTITY_TYPES } from './detectors/registry';
export { maskValue } from './mask';
export { classifyColumn, type TColumnInput, type TColumnVerdict } from './column-classifier';
export { createTableScanner, type TTableScanner, type TTableScanOptions } from './table-scanner';
export { summariseTextMatches } from './text-findings';
export { classifyDataset } from './dataset-classification';
export { ENTITIES, describe as describeEntity } from './entities';
