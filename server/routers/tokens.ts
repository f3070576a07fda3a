import { createToken, listTokens, revokeToken, ZCreateTokenSchema, ZRevokeTokenSchema } from '../services/tokens';
import { authedProcedure, router } from '../trpc';

export const tokensRouter = router({
  list: authedProcedure.query(({ ctx }) => listTokens(ctx)),
  create: authedProcedure.input(ZCreateTokenSchema).mutation(({ ctx, input }) => createToken(ctx, input)),
  revoke: authedProcedure.input(ZRevokeTokenSchema).mutation(({ ctx, input }) => revokeToken(ctx, input)),
});
