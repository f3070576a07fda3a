import {
  listAuditCheckpoints,
  listAuditEvents,
  signAuditCheckpoint,
  verifyStoredChain,
  ZListAuditEventsSchema,
  ZListCheckpointsSchema,
} from '../services/audit';
import { authedProcedure, router } from '../trpc';
import { ZPagingDirection } from './paging-direction';

const ZListInput = ZListAuditEventsSchema.extend(ZPagingDirection);

export const auditRouter = router({
  list: authedProcedure.input(ZListInput).query(({ ctx, input: { direction: _direction, ...input } }) => listAuditEvents(ctx, input)),
  verify: authedProcedure.query(({ ctx }) => verifyStoredChain(ctx)),
  checkpoints: authedProcedure.input(ZListCheckpointsSchema).query(({ ctx, input }) => listAuditCheckpoints(ctx, input)),
  signCheckpoint: authedProcedure.mutation(({ ctx }) => signAuditCheckpoint(ctx)),
});
