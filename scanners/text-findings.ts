import type { TFinding, TLocation, TMatch } from './types';
import { describe } from './entities';
import { maskValue } from './mask';

const SAMPLES = 3;

function where(location: TLocation): string {
  if (location.kind === 'page') return `on page ${location.page}${location.region ? ' (image region)' : ''}`;
  if (location.kind === 'column') return `in column "${location.column}"`;
  return location.line !== undefined ? `around line ${location.line}` : 'in the text';
}

/** Summarises the matches of one page, region or group of lines: one finding per entity type, masked samples only. */
export function summariseTextMatches(location: TLocation, matches: readonly TMatch[]): TFinding[] {
  const byType = new Map<string, TMatch[]>();
  for (const m of matches) byType.set(m.entityType, [...(byType.get(m.entityType) ?? []), m]);
  return [...byType].map(([entityType, group]) => {
    const info = describe(entityType);
    const count = (v: TMatch['validation']) => group.filter((m) => m.validation === v).length;
    const notes = [
      count('valid') && info.check ? `${count('valid')} pass the ${info.check} check` : '',
      count('invalid-checksum') ? `${count('invalid-checksum')} have the format but fail the check` : '',
      count('test-value') ? `${count('test-value')} are known test values` : '',
    ].filter(Boolean);
    const detectors = new Map<string, number>();
    for (const m of group) detectors.set(m.detector, (detectors.get(m.detector) ?? 0) + 1);
    const detector = [...detectors].sort((a, b) => b[1] - a[1])[0]![0];
    return {
      location,
      entityType,
      count: group.length,
      confidence: Math.max(...group.map((m) => m.confidence)),
      detector,
      explanation: `${group.length} ${info.label} found ${where(location)}${notes.length ? ` (${notes.join(', ')})` : ''}.`,
      maskedSamples: [...new Set(group.map((m) => maskValue(entityType, m.value)))].slice(0, SAMPLES),
    };
  });
}
