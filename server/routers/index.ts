import { router } from '../trpc';
import { accessRouter } from './access';
import { auditRouter } from './audit';
import { datasetsRouter } from './datasets';
import { deploymentsRouter } from './deployments';
import { environmentsRouter } from './environments';
import { lineageRouter } from './lineage';
import { meRouter } from './me';
import { modelsRouter } from './models';
import { monitoringRouter } from './monitoring';
import { predictionsRouter } from './predictions';
import { promotionsRouter } from './promotions';
import { reportsRouter } from './reports';
import { teamsRouter } from './teams';
import { tokensRouter } from './tokens';
import { usersRouter } from './users';
import { webhooksRouter } from './webhooks';

export const appRouter = router({
  reports: reportsRouter,
  monitoring: monitoringRouter,
  me: meRouter,
  users: usersRouter,
  teams: teamsRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  models: modelsRouter,
  datasets: datasetsRouter,
  promotions: promotionsRouter,
  environments: environmentsRouter,
  access: accessRouter,
  webhooks: webhooksRouter,
  lineage: lineageRouter,
  predictions: predictionsRouter,
  deployments: deploymentsRouter,
});
export type TAppRouter = typeof appRouter;
