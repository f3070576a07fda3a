import { listPredictions, ZListPredictionsSchema } from '../services/predictions';
import { authedProcedure, router } from '../trpc';

/** Stored predictions for the version page. Exports stream from /api/portal/…/predictions/export (a download, not tRPC). */
export const predictionsRouter = router({
  list: authedProcedure.input(ZListPredictionsSchema).query(({ ctx, input }) => listPredictions(ctx, input)),
});
