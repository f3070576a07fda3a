import { z } from 'zod';
import {
  cancelScan,
  changeClassification,
  createDataset,
  listDatasets,
  listOwnerCandidates,
  listVersionChoices,
  readDataset,
  readVersion,
  requestRescan,
  ZChangeClassificationSchema,
  ZCreateDatasetSchema,
  ZDatasetRefSchema,
  ZListDatasetsSchema,
  ZVersionRefSchema,
} from '../services/datasets';
import { authedProcedure, router } from '../trpc';

/** Datasets for the portal. Versions are uploaded through the streaming route app/api/portal/datasets/[id]/versions. */
export const datasetsRouter = router({
  list: authedProcedure.input(ZListDatasetsSchema.optional()).query(({ ctx, input }) => listDatasets(ctx, input)),
  get: authedProcedure.input(ZDatasetRefSchema).query(({ ctx, input }) => readDataset(ctx, input.id)),
  ownerCandidates: authedProcedure.input(z.void()).query(({ ctx }) => listOwnerCandidates(ctx)),
  create: authedProcedure.input(ZCreateDatasetSchema).mutation(({ ctx, input }) => createDataset(ctx, input)),
  /** Dataset versions the caller may read, for the "trained on" picker of the version registration form. */
  versionChoices: authedProcedure.input(z.void()).query(({ ctx }) => listVersionChoices(ctx)),
  version: authedProcedure.input(ZVersionRefSchema).query(({ ctx, input }) => readVersion(ctx, input.versionId)),
  changeClassification: authedProcedure.input(ZChangeClassificationSchema).mutation(({ ctx, input }) => changeClassification(ctx, input)),
  rescan: authedProcedure.input(ZVersionRefSchema).mutation(({ ctx, input }) => requestRescan(ctx, input.versionId)),
  cancelScan: authedProcedure.input(ZVersionRefSchema).mutation(({ ctx, input }) => cancelScan(ctx, input.versionId)),
});
