import { z } from 'zod';
import { listEnvironmentDeployments, listVersionDeployments, recordDeployment, ZListVersionDeploymentsSchema, ZRecordDeploymentSchema } from '../services/deployments';
import { ZEnvironmentNameSchema } from '../services/promotions';
import { authedProcedure, router } from '../trpc';

export const deploymentsRouter = router({
  /** Every deployment of one version (the version page). */
  forVersion: authedProcedure.input(ZListVersionDeploymentsSchema).query(({ ctx, input }) => listVersionDeployments(ctx, input)),
  /** What runs in an environment, or its history. */
  forEnvironment: authedProcedure
    .input(z.strictObject({ env: ZEnvironmentNameSchema, history: z.boolean().default(false) }))
    .query(({ ctx, input }) => listEnvironmentDeployments(ctx, input)),
  create: authedProcedure.input(ZRecordDeploymentSchema).mutation(({ ctx, input }) => recordDeployment(ctx, input)),
});
