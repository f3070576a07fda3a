import type { TClassification, TFinding } from './types';
import { describe, type TSensitivity } from './entities';

const LEVEL: Readonly<Record<TSensitivity, TClassification>> = {
  'government-id': 'restricted',
  financial: 'restricted',
  health: 'restricted',
  name: 'confidential',
  contact: 'confidential',
  address: 'confidential',
  personal: 'confidential',
};
const ORDER: readonly TClassification[] = ['public', 'internal', 'confidential', 'restricted'];
/** Findings below this confidence are reported but do not raise the classification on their own. */
const MIN_CONFIDENCE = 0.4;

function at(location: TFinding['location']): string {
  if (location.kind === 'column') return `column "${location.column}"`;
  if (location.kind === 'page') return `page ${location.page}`;
  return location.line !== undefined ? `line ${location.line}` : 'the text';
}

/** Restricted for government IDs, financial account numbers and health numbers; confidential for names,
 *  contact details, addresses and other personal data; internal otherwise. */
export function classifyDataset(findings: readonly TFinding[]): { classification: TClassification; reasons: string[] } {
  let classification: TClassification = 'internal';
  const reasons: string[] = [];
  for (const f of findings) {
    if (f.confidence < MIN_CONFIDENCE) continue;
    const info = describe(f.entityType);
    const level = LEVEL[info.sensitivity];
    reasons.push(`${level}: ${f.count} ${info.label} in ${at(f.location)} (confidence ${f.confidence.toFixed(2)}).`);
    if (ORDER.indexOf(level) > ORDER.indexOf(classification)) classification = level;
  }
  if (!reasons.length) reasons.push('internal: no personal data was found with enough confidence; internal is the default for company data.');
  // Most severe first, so the first reason explains the classification.
  reasons.sort((a, b) => ORDER.indexOf(b.split(':')[0] as TClassification) - ORDER.indexOf(a.split(':')[0] as TClassification));
  return { classification, reasons };
}
