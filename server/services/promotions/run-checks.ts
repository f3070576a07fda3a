import { and, desc, eq, inArray } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { datasets, datasetScans, datasetVersions, modelMetricThresholds, modelVersionTrainingData, restrictedDataExceptions } from '@/db/schema';
import type { TModelCard } from '@/db/schema';
import type { TPromotionCheck } from './default-policies';
import type { TCheckResult } from './types';

export interface TCheckedVersion {
  id: string;
  modelId: string;
  metrics: Record<string, number>;
  modelCard: TModelCard;
}

/**
 * The four promotion checks of issue #5, computed from the catalog and datasets tables now.
 * Every check runs whatever the policy requires; decidePromotion picks the required ones.
 */
export async function runPromotionChecks(db: TDbOrTx, version: TCheckedVersion): Promise<TCheckResult[]> {
  const training = await db
    .select({ id: datasetVersions.id, number: datasetVersions.number, dataset: datasets.name, classification: datasetVersions.classification })
    .from(modelVersionTrainingData)
    .innerJoin(datasetVersions, eq(datasetVersions.id, modelVersionTrainingData.datasetVersionId))
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(modelVersionTrainingData.modelVersionId, version.id));
  const ids = training.map((t) => t.id);
  const label = (t: (typeof training)[number]) => `${t.dataset} v${t.number}`;

  const scans = ids.length
    ? await db
        .selectDistinctOn([datasetScans.versionId], { versionId: datasetScans.versionId, status: datasetScans.status })
        .from(datasetScans)
        .where(inArray(datasetScans.versionId, ids))
        .orderBy(datasetScans.versionId, desc(datasetScans.createdAt))
    : [];
  const latestScan = new Map(scans.map((s) => [s.versionId, s.status]));
  const unscanned = training.filter((t) => latestScan.get(t.id) !== 'completed');

  const restricted = training.filter((t) => t.classification === 'restricted');
  const excepted = restricted.length
    ? new Set(
        (
          await db
            .select({ id: restrictedDataExceptions.datasetVersionId })
            .from(restrictedDataExceptions)
            .where(inArray(restrictedDataExceptions.datasetVersionId, restricted.map((t) => t.id)))
        ).map((r) => r.id),
      )
    : new Set<string>();
  const unexcepted = restricted.filter((t) => !excepted.has(t.id));

  const card = version.modelCard;
  const emptyCardFields = (['intendedUse', 'limitations', 'ethicalConsiderations'] as const).filter((f) => !card[f]?.trim());

  const thresholds = await db.select().from(modelMetricThresholds).where(and(eq(modelMetricThresholds.modelId, version.modelId)));
  const missed = thresholds.flatMap(({ metric, comparator, value }) => {
    const actual = version.metrics[metric];
    if (actual === undefined) return [`${metric} ${comparator} ${value}: the version reports no ${metric}`];
    const holds = comparator === '>=' ? actual >= value : actual <= value;
    return holds ? [] : [`${metric} ${comparator} ${value}: the version has ${actual}`];
  });

  const result = (name: TPromotionCheck, passed: boolean, explanation: string): TCheckResult => ({ name, passed, explanation });
  return [
    result(
      'training-scans-finished',
      unscanned.length === 0,
      unscanned.length
        ? `no finished scan for ${unscanned.map((t) => `${label(t)} (${latestScan.get(t.id) ?? 'never scanned'})`).join(', ')}`
        : `all ${training.length} training dataset version(s) have a finished scan`,
    ),
    result(
      'no-restricted-findings-without-exception',
      unexcepted.length === 0,
      unexcepted.length
        ? `${unexcepted.map(label).join(', ')} classified restricted without an approved exception`
        : restricted.length
          ? `restricted training data has approved exceptions: ${restricted.map(label).join(', ')}`
          : 'no training dataset version is classified restricted',
    ),
    result(
      'model-card-complete',
      emptyCardFields.length === 0,
      emptyCardFields.length ? `the model card lacks ${emptyCardFields.join(', ')}` : 'intended use, limitations and ethical considerations are filled in',
    ),
    result(
      'metric-thresholds',
      missed.length === 0,
      missed.length
        ? missed.join('; ')
        : thresholds.length
          ? `all ${thresholds.length} threshold(s) hold: ${thresholds.map((t) => `${t.metric} ${t.comparator} ${t.value}`).join(', ')}`
          : "the model's owner set no metric thresholds",
    ),
  ];
}
