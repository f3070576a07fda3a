import { desc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { datasetScans, datasets, datasetVersions, teams, users } from '@/db/schema';
import { AppError } from '../../errors';

export type TDatasetRow = typeof datasets.$inferSelect;

/** What a dataset looks like to callers, with the names a person reads. */
export async function datasetViews(db: TDbOrTx, where: SQL | undefined) {
  const owner = users;
  return db
    .select({
      id: datasets.id,
      name: datasets.name,
      description: datasets.description,
      teamId: datasets.teamId,
      teamName: teams.name,
      ownerId: datasets.ownerId,
      ownerName: owner.name,
      ownerEmail: owner.email,
      createdBy: datasets.createdBy,
      createdAt: datasets.createdAt,
    })
    .from(datasets)
    .innerJoin(teams, eq(teams.id, datasets.teamId))
    .innerJoin(owner, eq(owner.id, datasets.ownerId))
    .where(where)
    .orderBy(teams.name, datasets.name);
}
export type TDatasetView = Awaited<ReturnType<typeof datasetViews>>[number];

export async function findDataset(db: TDbOrTx, id: string): Promise<TDatasetRow> {
  const [row] = await db.select().from(datasets).where(eq(datasets.id, id));
  if (!row) throw new AppError('not_found', 'Dataset not found.');
  return row;
}

/** A version with its dataset's team and owner, as policies check it. */
export async function findVersion(db: TDbOrTx, versionId: string) {
  const [row] = await db
    .select({ version: datasetVersions, teamId: datasets.teamId, ownerId: datasets.ownerId, datasetName: datasets.name })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(datasetVersions.id, versionId));
  if (!row) throw new AppError('not_found', 'Dataset version not found.');
  return row;
}

export type TScanView = Omit<typeof datasetScans.$inferSelect, 'leaseId' | 'jobId'>;

/** The newest scan of each version the filter selects, keyed by version id. */
async function latestScans(db: TDbOrTx, where: SQL | undefined): Promise<Map<string, TScanView>> {
  const rows = await db
    .select(getTableColumns(datasetScans))
    .from(datasetScans)
    .innerJoin(datasetVersions, eq(datasetVersions.id, datasetScans.versionId))
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(where)
    .orderBy(desc(datasetScans.createdAt));
  const latest = new Map<string, TScanView>();
  for (const { leaseId: _lease, jobId: _job, ...scan } of rows) if (!latest.has(scan.versionId)) latest.set(scan.versionId, scan);
  return latest;
}

/** Versions of a dataset (or one version), newest first, each with its latest scan. */
export async function versionViews(db: TDbOrTx, where: SQL | undefined) {
  // Scans first: a scan read as completed has committed its classification, so the version rows
  // read next carry it. The other order can pair a just-finished scan with the classification
  // from before it, and a page polling until the scan finishes would stop on the stale one.
  const scans = await latestScans(db, where);
  const rows = await db
    .select({
      id: datasetVersions.id,
      datasetId: datasetVersions.datasetId,
      datasetName: datasets.name,
      teamId: datasets.teamId,
      number: datasetVersions.number,
      fileName: datasetVersions.fileName,
      sha256: datasetVersions.sha256,
      sizeBytes: datasetVersions.sizeBytes,
      format: datasetVersions.format,
      storageKey: datasetVersions.storageKey,
      rowCount: datasetVersions.rowCount,
      columns: datasetVersions.columns,
      classification: datasetVersions.classification,
      createdBy: datasetVersions.createdBy,
      createdByName: users.name,
      createdAt: datasetVersions.createdAt,
    })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .innerJoin(users, eq(users.id, datasetVersions.createdBy))
    .where(where)
    .orderBy(desc(datasetVersions.number));
  return rows.map((r) => ({ ...r, scan: scans.get(r.id) ?? null }));
}
export type TVersionView = Awaited<ReturnType<typeof versionViews>>[number];
