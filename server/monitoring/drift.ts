// Data drift of one input feature against its reference profile: the Population Stability
// Index over bins fixed by the reference, and for numeric features the two-sample
// Kolmogorov–Smirnov statistic. Pure functions: numbers in, numbers out, no database.

/** Fractions below this count as this, so an empty bin does not make PSI infinite. */
export const PSI_EPSILON = 1e-4;
/** Quantile bins for numeric features (deciles). */
export const DEFAULT_NUMERIC_BINS = 10;
/** Categories kept by name; the rest, and categories the reference never had, fall into OTHER_CATEGORY. */
export const MAX_CATEGORIES = 20;
export const OTHER_CATEGORY = '__other__';
/** Reference values kept for the KS statistic (evenly spaced order statistics of the sorted reference). */
export const KS_SAMPLE_SIZE = 1000;

export type TNumericProfile = {
  kind: 'numeric';
  name: string;
  count: number;
  /** Upper edges of every bin but the last: bin i holds (edges[i-1], edges[i]], the last (edges[n-1], +inf). */
  edges: number[];
  /** Reference fraction per bin (edges.length + 1 entries, summing to 1). */
  fractions: number[];
  /** Sorted reference values, thinned to at most KS_SAMPLE_SIZE, for the KS statistic. */
  sample: number[];
  mean: number;
};

export type TCategoricalProfile = {
  kind: 'categorical';
  name: string;
  count: number;
  /** The reference's most frequent categories, then OTHER_CATEGORY (the rest, and anything unseen). */
  categories: string[];
  fractions: number[];
};

export type TFeatureProfile = TNumericProfile | TCategoricalProfile;

export type TFeatureDrift = {
  feature: string;
  kind: TFeatureProfile['kind'];
  psi: number;
  /** Null for categorical features. */
  ks: number | null;
  referenceCount: number;
  windowCount: number;
  /** Window fraction per reference bin, for display. */
  windowFractions: number[];
};

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, linear interpolation between order statistics (type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** Bin edges at the reference's quantiles 1/n … (n-1)/n; repeated edges (ties) collapse into one bin. */
export function quantileEdges(values: readonly number[], bins = DEFAULT_NUMERIC_BINS): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const edge = quantile(sorted, i / bins);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

/** Index of the bin holding `value`: the first edge ≥ value, or the last bin (binary search). */
export function binOf(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (value <= edges[mid]!) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Fraction of values per bin (edges.length + 1 bins). */
export function numericFractions(edges: readonly number[], values: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) counts[binOf(edges, v)]!++;
  return counts.map((c) => (values.length ? c / values.length : 0));
}

/** Fraction of values per category; a value not among `categories` counts toward OTHER_CATEGORY (the last bin). */
export function categoricalFractions(categories: readonly string[], values: readonly string[]): number[] {
  const index = new Map(categories.map((c, i) => [c, i]));
  const other = categories.indexOf(OTHER_CATEGORY);
  if (other < 0) throw new RangeError('categorical bins need an OTHER_CATEGORY bin');
  const counts = new Array<number>(categories.length).fill(0);
  for (const v of values) counts[index.get(v) ?? other]!++;
  return counts.map((c) => (values.length ? c / values.length : 0));
}

/**
 * PSI = Σ (window − reference) · ln(window / reference) over the bins, with fractions below
 * PSI_EPSILON raised to it. 0 = same distribution; ≥ 0.2 is the usual "significant shift".
 */
export function populationStabilityIndex(reference: readonly number[], window: readonly number[], epsilon = PSI_EPSILON): number {
  if (reference.length !== window.length) throw new RangeError('PSI needs the same bins on both sides');
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max(reference[i]!, epsilon);
    const w = Math.max(window[i]!, epsilon);
    psi += (w - r) * Math.log(w / r);
  }
  return psi;
}

/** Two-sample KS statistic: the largest gap between the two empirical CDFs (both sorted ascending). */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let gap = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    gap = Math.max(gap, Math.abs(i / a.length - j / b.length));
  }
  return gap;
}

/** Evenly spaced order statistics of sorted values, so a large reference keeps a bounded KS sample. */
export function thinSorted(sorted: readonly number[], size = KS_SAMPLE_SIZE): number[] {
  if (sorted.length <= size) return [...sorted];
  return Array.from({ length: size }, (_, k) => sorted[Math.round((k * (sorted.length - 1)) / (size - 1))]!);
}

export function profileNumeric(name: string, values: readonly number[], bins = DEFAULT_NUMERIC_BINS): TNumericProfile {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) throw new RangeError(`feature ${name} has no numeric reference values`);
  const sorted = [...finite].sort((a, b) => a - b);
  const edges = quantileEdges(sorted, bins);
  return {
    kind: 'numeric',
    name,
    count: sorted.length,
    edges,
    fractions: numericFractions(edges, sorted),
    sample: thinSorted(sorted),
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
  };
}

export function profileCategorical(name: string, values: readonly string[]): TCategoricalProfile {
  if (values.length === 0) throw new RangeError(`feature ${name} has no reference values`);
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = ranked.slice(0, MAX_CATEGORIES).map(([c]) => c);
  const categories = [...kept.filter((c) => c !== OTHER_CATEGORY), OTHER_CATEGORY];
  return { kind: 'categorical', name, count: values.length, categories, fractions: categoricalFractions(categories, values) };
}

/** Profiles a feature from its reference values: numeric when every value is a finite number, else categorical. */
export function profileFeature(name: string, values: readonly (number | string)[]): TFeatureProfile {
  return values.every((v) => typeof v === 'number' && Number.isFinite(v))
    ? profileNumeric(name, values as number[])
    : profileCategorical(name, values.map(String));
}

/** Drift of a window of values against the feature's reference profile. */
export function compareToProfile(profile: TFeatureProfile, values: readonly (number | string)[]): TFeatureDrift {
  if (profile.kind === 'numeric') {
    const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
    const windowFractions = numericFractions(profile.edges, numbers);
    return {
      feature: profile.name,
      kind: 'numeric',
      psi: numbers.length ? populationStabilityIndex(profile.fractions, windowFractions) : 0,
      ks: numbers.length ? ksStatistic(profile.sample, numbers) : 0,
      referenceCount: profile.count,
      windowCount: numbers.length,
      windowFractions,
    };
  }
  const strings = values.map(String);
  const windowFractions = categoricalFractions(profile.categories, strings);
  return {
    feature: profile.name,
    kind: 'categorical',
    psi: strings.length ? populationStabilityIndex(profile.fractions, windowFractions) : 0,
    ks: null,
    referenceCount: profile.count,
    windowCount: strings.length,
    windowFractions,
  };
}
