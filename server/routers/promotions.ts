import { z } from 'zod';
import {
  approveRestrictedException,
  listPromotionInbox,
  readPromotion,
  requestPromotion,
  reviewPromotion,
  revokePromotion,
  setThresholds,
  withdrawPromotion,
  ZApproveExceptionSchema,
  ZRequestPromotionSchema,
  ZReviewPromotionSchema,
  ZRevokePromotionSchema,
  ZSetThresholdsSchema,
  ZWithdrawPromotionSchema,
} from '../services/promotions';
import { authedProcedure, router } from '../trpc';

export const promotionsRouter = router({
  inbox: authedProcedure.query(({ ctx }) => listPromotionInbox(ctx)),
  get: authedProcedure.input(z.strictObject({ id: z.uuid() })).query(({ ctx, input }) => readPromotion(ctx, input)),
  request: authedProcedure.input(ZRequestPromotionSchema).mutation(({ ctx, input }) => requestPromotion(ctx, input)),
  review: authedProcedure.input(ZReviewPromotionSchema).mutation(({ ctx, input }) => reviewPromotion(ctx, input)),
  withdraw: authedProcedure.input(ZWithdrawPromotionSchema).mutation(({ ctx, input }) => withdrawPromotion(ctx, input)),
  revoke: authedProcedure.input(ZRevokePromotionSchema).mutation(({ ctx, input }) => revokePromotion(ctx, input)),
  setThresholds: authedProcedure.input(ZSetThresholdsSchema).mutation(({ ctx, input }) => setThresholds(ctx, input)),
  approveException: authedProcedure.input(ZApproveExceptionSchema).mutation(({ ctx, input }) => approveRestrictedException(ctx, input)),
});
