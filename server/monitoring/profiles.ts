// A version's reference profile: from its training dataset version when one is linked and
// readable as a table whose columns match the model's features, else from its first N
// recorded prediction rows. Built once, by the monitoring job (or on first read), and kept.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { datasetVersions, modelVersions, modelVersionTrainingData, monitoringProfiles, predictions } from '@/db/schema';
import type { TActor } from '@/policies/actor';
import { readAny } from '@/scanners/readers/read-any';
import { DEFAULT_READ_LIMITS, type TReadContext } from '@/scanners/readers/source';
import { transact } from '../audit/transact';
import type { OnnxSignature } from '../onnx/inspect-onnx';
import { getArtifactStore } from '../storage/runtime-store';
import { profileFeature, type TFeatureProfile } from './drift';
import { columnsOf, featureRowsOf, type TFeatureRow, type TFeatureValue } from './features';

export const MONITORING_ACTOR: TActor = { type: 'system', job: 'monitoring' };
/** Dataset rows read for a reference at most, and kept (reservoir) for the profile. */
const DATASET_MAX_ROWS = 200_000;
const DATASET_SAMPLE_ROWS = 10_000;
const TABLE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;

export type TProfileRow = typeof monitoringProfiles.$inferSelect;

/** Feature names a version's signature implies: `x` for a [N] input, `x[0]`… for [N, k]. */
export function signatureFeatures(signature: OnnxSignature | null): string[] {
  if (!signature) return [];
  return signature.inputs.flatMap((input) => {
    const shape = input.shape ?? [];
    if (shape.length <= 1) return [input.name];
    const width = shape[1];
    if (shape.length === 2 && typeof width === 'number') return Array.from({ length: width }, (_, j) => `${input.name}[${j}]`);
    return [];
  });
}

/** Profiles every feature seen in the rows (a feature with no usable value is left out). */
export function profileRows(rows: readonly TFeatureRow[]): TFeatureProfile[] {
  return [...columnsOf(rows).entries()].filter(([, values]) => values.length > 0).map(([name, values]) => profileFeature(name, values));
}

/**
 * Maps a table's columns to the model's features: by name when every feature has a column of
 * that name; else by position when the model's features are index-named (`features[0]`…) and
 * the table has exactly that many numeric columns. Null when neither fits.
 */
export function mapColumns(columns: readonly string[], numericColumns: readonly string[], features: readonly string[]): Map<string, string> | null {
  if (features.length === 0) return null;
  if (features.every((f) => columns.includes(f))) return new Map(features.map((f) => [f, f]));
  if (features.every((f) => /\[\d+\]$/.test(f)) && numericColumns.length === features.length) {
    return new Map(features.map((f, i) => [f, numericColumns[i]!]));
  }
  return null;
}

const NO_OCR: TReadContext['ocr'] = {
  recognize: () => Promise.reject(new Error('images are not read for monitoring references')),
};

/** Feature rows sampled from a table dataset version, or null when it cannot serve as the reference. */
async function datasetRows(version: typeof datasetVersions.$inferSelect, features: readonly string[]): Promise<TFeatureRow[] | null> {
  const store = await getArtifactStore();
  const dir = await mkdtemp(join(tmpdir(), 'mg-profile-'));
  try {
    const path = join(dir, 'content');
    await pipeline(await store.open(version.sha256), createWriteStream(path));
    const source = { name: version.fileName, size: version.sizeBytes, path, open: () => store.open(version.sha256) };
    const ctx: TReadContext = { limits: DEFAULT_READ_LIMITS, ocr: NO_OCR, onBytes: () => {}, warn: () => {} };
    let columns: readonly string[] = [];
    const sample: (string | null)[][] = [];
    let seen = 0;
    // Deterministic reservoir (a fixed LCG) so the same dataset always gives the same profile.
    let state = 0x2545f491;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for await (const event of readAny(source, ctx)) {
      if (event.kind === 'columns') columns = event.columns;
      if (event.kind !== 'row') continue;
      const values = event.values.map((v) => (Array.isArray(v) ? null : (v as string | null)));
      seen++;
      if (sample.length < DATASET_SAMPLE_ROWS) sample.push(values);
      else {
        const j = Math.floor(random() * seen);
        if (j < DATASET_SAMPLE_ROWS) sample[j] = values;
      }
      if (seen >= DATASET_MAX_ROWS) break;
    }
    if (sample.length === 0) return null;
    const isNumber = (v: string | null | undefined) => v !== null && v !== undefined && v.trim() !== '' && Number.isFinite(Number(v));
    const numeric = columns.filter((_, i) => sample.every((row) => row[i] === null || row[i] === undefined || row[i] === '' || isNumber(row[i])) && sample.some((row) => isNumber(row[i])));
    const mapping = mapColumns(columns, numeric, features);
    if (!mapping) return null;
    const index = new Map(columns.map((c, i) => [c, i]));
    return sample.map((row) => {
      const out: TFeatureRow = {};
      for (const [feature, column] of mapping) {
        const raw = row[index.get(column)!];
        if (raw === null || raw === undefined || raw === '') continue;
        const value: TFeatureValue = numeric.includes(column) ? Number(raw) : raw;
        out[feature] = value;
      }
      return out;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first `rows` input rows recorded for the version, and the time of the last prediction used; null until there are that many. */
async function firstPredictionRows(db: TDb, modelVersionId: string, rows: number): Promise<{ rows: TFeatureRow[]; until: Date } | null> {
  const found: TFeatureRow[] = [];
  let until: Date | null = null;
  const page = Math.min(rows, 1000);
  let offset = 0;
  while (found.length < rows) {
    const batch = await db
      .select({ input: predictions.input, createdAt: predictions.createdAt })
      .from(predictions)
      .where(eq(predictions.modelVersionId, modelVersionId))
      .orderBy(asc(predictions.createdAt), asc(predictions.requestId))
      .limit(page)
      .offset(offset);
    if (batch.length === 0) return null;
    offset += batch.length;
    for (const p of batch) {
      if (found.length >= rows) break;
      found.push(...featureRowsOf(p.input).slice(0, rows - found.length));
      until = p.createdAt;
    }
  }
  return { rows: found, until: until! };
}

/** A version's stored profile, or null. */
export async function readProfile(db: TDb, modelVersionId: string): Promise<TProfileRow | null> {
  const [row] = await db.select().from(monitoringProfiles).where(eq(monitoringProfiles.modelVersionId, modelVersionId));
  return row ?? null;
}

/**
 * The version's profile, built now when missing and possible: from a linked table dataset
 * version whose columns fit the features, else from the first `referenceRows` prediction rows.
 * Null while there are fewer predictions than that. Concurrent builders: the first insert wins.
 */
export async function ensureProfile(db: TDb, modelVersionId: string, referenceRows: number): Promise<TProfileRow | null> {
  const existing = await readProfile(db, modelVersionId);
  if (existing) return existing;
  const [version] = await db.select({ signature: modelVersions.signature }).from(modelVersions).where(eq(modelVersions.id, modelVersionId));
  if (!version) return null;

  let built: Omit<typeof monitoringProfiles.$inferInsert, 'modelVersionId'> | null = null;
  const features = signatureFeatures(version.signature);
  // Training data can only be mapped to features the signature names.
  const training = features.length === 0 ? [] : await db
    .select()
    .from(datasetVersions)
    .where(
      and(
        inArray(datasetVersions.id, db.select({ id: modelVersionTrainingData.datasetVersionId }).from(modelVersionTrainingData).where(eq(modelVersionTrainingData.modelVersionId, modelVersionId))),
        inArray(datasetVersions.format, [...TABLE_FORMATS]),
      ),
    )
    .orderBy(asc(datasetVersions.createdAt));
  for (const dv of training) {
    const rows = await datasetRows(dv, features).catch((error: unknown) => {
      console.error(`monitoring: dataset version ${dv.id} cannot serve as a reference`, error);
      return null;
    });
    if (rows && rows.length > 0) {
      built = { source: 'dataset', datasetVersionId: dv.id, rowCount: rows.length, features: profileRows(rows), referenceUntil: null };
      break;
    }
  }
  if (!built) {
    const first = await firstPredictionRows(db, modelVersionId, referenceRows);
    if (!first) return null;
    built = { source: 'predictions', datasetVersionId: null, rowCount: first.rows.length, features: profileRows(first.rows), referenceUntil: first.until };
  }
  const profile = built;
  const lost = new Error('profile built by another process');
  try {
    return await transact(db, MONITORING_ACTOR, async (tx, audit) => {
      const [row] = await tx
        .insert(monitoringProfiles)
        .values({ modelVersionId, ...profile })
        .onConflictDoNothing()
        .returning();
      if (!row) throw lost;
      audit.record({
        action: 'monitoring.profile_built',
        subject: { type: 'ModelVersion', id: modelVersionId },
        data: { source: row.source, datasetVersionId: row.datasetVersionId, rowCount: row.rowCount, features: row.features.map((f) => f.name) },
      });
      return row;
    });
  } catch (error) {
    if (error === lost) return readProfile(db, modelVersionId);
    throw error;
  }
}
