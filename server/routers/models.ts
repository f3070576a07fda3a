import {
  createModel,
  listVersions,
  readModel,
  readVersion,
  searchModels,
  ZCreateModelSchema,
  ZListVersionsSchema,
  ZModelRefSchema,
  ZSearchModelsSchema,
  ZVersionRefSchema,
} from '../services/models';
import { authedProcedure, router } from '../trpc';

/** The catalog for the portal. Versions are registered through the streaming upload route, not tRPC. */
export const modelsRouter = router({
  search: authedProcedure.input(ZSearchModelsSchema).query(({ ctx, input }) => searchModels(ctx, input)),
  get: authedProcedure.input(ZModelRefSchema).query(({ ctx, input }) => readModel(ctx, input.name)),
  create: authedProcedure.input(ZCreateModelSchema).mutation(({ ctx, input }) => createModel(ctx, input)),
  listVersions: authedProcedure.input(ZListVersionsSchema).query(({ ctx, input }) => listVersions(ctx, input)),
  getVersion: authedProcedure.input(ZVersionRefSchema).query(({ ctx, input }) => readVersion(ctx, input)),
});
