// The closed lists shared by the readers, the database schema and the API.
import type { TClassification } from '../types';

export const DATASET_FORMATS = ['csv', 'jsonl', 'parquet', 'text', 'pdf', 'png', 'jpeg', 'tiff', 'zip'] as const;
export type TDatasetFormat = (typeof DATASET_FORMATS)[number];

export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const satisfies readonly TClassification[];

export const SCAN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type TScanStatus = (typeof SCAN_STATUSES)[number];
