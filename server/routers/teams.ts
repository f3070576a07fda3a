import { createTeam, listTeams, ZCreateTeamSchema } from '../services/teams';
import { authedProcedure, router } from '../trpc';

export const teamsRouter = router({
  list: authedProcedure.query(({ ctx }) => listTeams(ctx)),
  create: authedProcedure.input(ZCreateTeamSchema).mutation(({ ctx, input }) => createTeam(ctx, input)),
});
