// Scores scanText against labelled text (presidio-research's synthetic set format).
import type { TMatch } from './types';
import { scanText } from './scan-text';

export interface TLabelledSample {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number }[];
}

/** Our entity type -> the dataset's label. Types missing here are not scored. */
export const LABEL_OF: Readonly<Record<string, string>> = {
  PERSON: 'PERSON',
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  PHONE_NUMBER: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN_CODE',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  US_DRIVER_LICENSE: 'US_DRIVER_LICENSE',
  LOCATION: 'GPE',
  ORGANIZATION: 'ORGANIZATION',
  STREET_ADDRESS: 'STREET_ADDRESS',
};

/** Labels whose figures make up the micro average (the rest are printed for information). */
export const MICRO_LABELS: readonly string[] = ['PERSON', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'IP_ADDRESS', 'US_DRIVER_LICENSE'];

export const MATCHING_RULE =
  'a predicted span is a true positive when it overlaps (any shared character) a labelled span of the same type; ' +
  'a labelled span is recalled when some predicted span of the same type overlaps it';

export interface TScore {
  label: string;
  support: number;
  predicted: number;
  truePositives: number;
  recalled: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface TEvaluation {
  perLabel: TScore[];
  micro: TScore;
  /** Labels present in the data that no detector of ours is mapped to. */
  unreportedLabels: string[];
  /** Predictions of our types that have no label in the data (not scored). */
  unscoredPredictions: number;
}

function finish(label: string, support: number, predicted: number, truePositives: number, recalled: number): TScore {
  const precision = predicted ? truePositives / predicted : support ? 0 : 1;
  const recall = support ? recalled / support : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { label, support, predicted, truePositives, recalled, precision, recall, f1 };
}

export function evaluate(samples: readonly TLabelledSample[], scan: (text: string) => TMatch[] = (t) => scanText(t)): TEvaluation {
  const labels = new Set(Object.values(LABEL_OF));
  const tally = new Map<string, { support: number; predicted: number; tp: number; recalled: number }>();
  const bucket = (label: string) => {
    let t = tally.get(label);
    if (!t) tally.set(label, (t = { support: 0, predicted: 0, tp: 0, recalled: 0 }));
    return t;
  };
  const unreported = new Set<string>();
  let unscoredPredictions = 0;

  for (const sample of samples) {
    const gold = sample.spans.filter((s) => labels.has(s.entity_type));
    for (const s of sample.spans) if (!labels.has(s.entity_type)) unreported.add(s.entity_type);
    const predicted = scan(sample.full_text).flatMap((m) => {
      const label = LABEL_OF[m.entityType];
      if (!label) unscoredPredictions++;
      return label ? [{ label, start: m.start, end: m.end }] : [];
    });
    const overlaps = (a: { start: number; end: number }, g: TLabelledSample['spans'][number]) => a.start < g.end_position && g.start_position < a.end;
    for (const p of predicted) {
      const t = bucket(p.label);
      t.predicted++;
      if (gold.some((g) => g.entity_type === p.label && overlaps(p, g))) t.tp++;
    }
    for (const g of gold) {
      const t = bucket(g.entity_type);
      t.support++;
      if (predicted.some((p) => p.label === g.entity_type && overlaps(p, g))) t.recalled++;
    }
  }

  const perLabel = [...tally].map(([label, t]) => finish(label, t.support, t.predicted, t.tp, t.recalled)).sort((a, b) => b.support - a.support);
  const inMicro = perLabel.filter((s) => MICRO_LABELS.includes(s.label));
  const sum = (k: 'support' | 'predicted' | 'truePositives' | 'recalled') => inMicro.reduce((acc, s) => acc + s[k], 0);
  const micro = finish('micro', sum('support'), sum('predicted'), sum('truePositives'), sum('recalled'));
  return { perLabel, micro, unreportedLabels: [...unreported].sort(), unscoredPredictions };
}
