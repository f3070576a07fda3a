import { listPredictions, ZListPredictionsFields } from '../services/predictions';
import { authedProcedure, router } from '../trpc';
import { ZPagingDirection } from './paging-direction';

/** Stored predictions for the version page. Exports stream from /api/portal/…/predictions/export (a download, not tRPC). */
export const predictionsRouter = router({
  // The service checks the whole input again (including from < to).
  list: authedProcedure
    .input(ZListPredictionsFields.extend(ZPagingDirection))
    .query(({ ctx, input: { direction: _direction, ...input } }) => listPredictions(ctx, input)),
});
