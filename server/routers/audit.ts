import {
  listAuditCheckpoints,
  listAuditEvents,
  signAuditCheckpoint,
  verifyStoredChain,
  ZListAuditEventsSchema,
  ZListCheckpointsSchema,
} from '../services/audit';
import { authedProcedure, router } from '../trpc';
import { z } from 'zod';

// Infinite queries from the portal add their paging direction to the input.
const ZListInput = ZListAuditEventsSchema.extend({ direction: z.enum(['forward', 'backward']).optional() });

export const auditRouter = router({
  list: authedProcedure.input(ZListInput).query(({ ctx, input: { direction: _direction, ...input } }) => listAuditEvents(ctx, input)),
  verify: authedProcedure.query(({ ctx }) => verifyStoredChain(ctx)),
  checkpoints: authedProcedure.input(ZListCheckpointsSchema).query(({ ctx, input }) => listAuditCheckpoints(ctx, input)),
  signCheckpoint: authedProcedure.mutation(({ ctx }) => signAuditCheckpoint(ctx)),
});
