import { router } from '../trpc';
import { accessRouter } from './access';
import { auditRouter } from './audit';
import { datasetsRouter } from './datasets';
import { environmentsRouter } from './environments';
import { meRouter } from './me';
import { modelsRouter } from './models';
import { promotionsRouter } from './promotions';
import { teamsRouter } from './teams';
import { tokensRouter } from './tokens';
import { usersRouter } from './users';
import { webhooksRouter } from './webhooks';

export const appRouter = router({
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
});
export type TAppRouter = typeof appRouter;
