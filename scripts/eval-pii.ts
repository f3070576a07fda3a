// Prints the PII scanner's precision/recall on the shared labelled fixtures: `npm run eval:pii`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, LABEL_OF, MATCHING_RULE, MICRO_LABELS, type TLabelledSample } from '../scanners/evaluation';
import { scanText } from '../scanners/scan-text';
import { SCANNER_VERSION } from '../scanners/version';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const fixtures = resolve(repoRoot, '../shared/fixtures/pii');
const pct = (x: number) => x.toFixed(3);

const samples = JSON.parse(readFileSync(resolve(fixtures, 'presidio-research/synth_dataset_v2.json'), 'utf8')) as TLabelledSample[];
const started = performance.now();
const result = evaluate(samples);
const seconds = (performance.now() - started) / 1000;

console.log(`Modelgate PII scanner ${SCANNER_VERSION}: presidio-research synth_dataset_v2.json (${samples.length} sentences, ${seconds.toFixed(1)} s)`);
console.log(`Matching rule: ${MATCHING_RULE}.`);
console.log(`Entity mapping (ours -> dataset): ${Object.entries(LABEL_OF).map(([ours, theirs]) => (ours === theirs ? ours : `${ours}->${theirs}`)).join(', ')}.`);
console.log('');
console.log('label               support  predicted  precision  recall     F1   in micro');
for (const s of result.perLabel) {
  const inMicro = MICRO_LABELS.includes(s.label) ? 'yes' : 'no (informational)';
  console.log(`${s.label.padEnd(18)} ${String(s.support).padStart(8)} ${String(s.predicted).padStart(10)} ${pct(s.precision).padStart(10)} ${pct(s.recall).padStart(7)} ${pct(s.f1).padStart(6)}   ${inMicro}`);
}
const m = result.micro;
console.log('');
console.log(`Micro average over ${MICRO_LABELS.join(', ')}: precision ${pct(m.precision)}, recall ${pct(m.recall)}, F1 ${pct(m.f1)} (support ${m.support}).`);
console.log(`Labels not reported (no text detector of ours maps to them): ${result.unreportedLabels.join(', ')}.`);
console.log(`Predictions of our other types (no label in this dataset, not scored): ${result.unscoredPredictions}.`);

const corpus = resolve(fixtures, 'datafog-corpus');
const negatives = JSON.parse(readFileSync(resolve(corpus, 'negative_cases.json'), 'utf8')) as { id: string; input: string }[];
const flagged = negatives.filter((c) => scanText(c.input).length > 0);
console.log('');
console.log(`datafog negative cases: ${negatives.length - flagged.length}/${negatives.length} with no finding${flagged.length ? ` (flagged: ${flagged.map((c) => c.id).join(', ')})` : ''}.`);
const edge = JSON.parse(readFileSync(resolve(corpus, 'edge_cases.json'), 'utf8')) as { id: string; input: string }[];
const longest = edge.reduce((a, c) => (c.input.length > a.length ? c.input : a), '');
const t0 = performance.now();
scanText(longest);
console.log(`datafog longest edge case (${(longest.length / 1024).toFixed(0)} KB) scanned in ${(performance.now() - t0).toFixed(0)} ms.`);
