import { router } from '../trpc';
import { meRouter } from './me';
import { teamsRouter } from './teams';
import { tokensRouter } from './tokens';
import { usersRouter } from './users';

export const appRouter = router({
  me: meRouter,
  users: usersRouter,
  teams: teamsRouter,
  tokens: tokensRouter,
});
export type TAppRouter = typeof appRouter;
