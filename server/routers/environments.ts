import { listEnvironments, updatePolicy, ZUpdatePolicySchema } from '../services/promotions';
import { authedProcedure, router } from '../trpc';

export const environmentsRouter = router({
  list: authedProcedure.query(({ ctx }) => listEnvironments(ctx)),
  updatePolicy: authedProcedure.input(ZUpdatePolicySchema).mutation(({ ctx, input }) => updatePolicy(ctx, input)),
});
