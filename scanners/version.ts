/** Bumped whenever detectors, validators or scoring change in a way that can change findings;
 *  datasets scanned with an older version are rescanned. */
export const SCANNER_VERSION = 'pii-2026.1';
