// The scanner's vocabulary. scanners/ is a pure library: no database, no network.

/** Where in a dataset a piece of text came from. */
export type TLocation =
  | { kind: 'column'; column: string; member?: string }
  | { kind: 'page'; page: number; member?: string; region?: { x: number; y: number; width: number; height: number } }
  | { kind: 'text'; line?: number; member?: string };

/** One detector hit in a piece of text. Raw values stay in memory; only masked samples leave the scanner. */
export interface TMatch {
  entityType: string;
  start: number;
  end: number;
  /** 0..1 */
  confidence: number;
  detector: string;
  /** 'valid' passed its checksum/validator; 'invalid-checksum' matched the format but failed it;
   *  'test-value' is a known test number (e.g. 4111 1111 1111 1111); 'unvalidated' has no validator. */
  validation: 'valid' | 'invalid-checksum' | 'test-value' | 'unvalidated';
  value: string;
}

/** What a scan reports per column, page or region: never a raw value. */
export interface TFinding {
  location: TLocation;
  entityType: string;
  count: number;
  confidence: number;
  detector: string;
  explanation: string;
  maskedSamples: string[];
}

export type TClassification = 'public' | 'internal' | 'confidential' | 'restricted';
