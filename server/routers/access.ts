import {
  decideAccess,
  listAccessInbox,
  listGrants,
  requestAccess,
  revokeGrant,
  ZDecideAccessSchema,
  ZRequestAccessSchema,
  ZRevokeGrantSchema,
} from '../services/access-requests';
import { authedProcedure, router } from '../trpc';

/** Data access requests and the grants they yield. */
export const accessRouter = router({
  inbox: authedProcedure.query(({ ctx }) => listAccessInbox(ctx)),
  request: authedProcedure.input(ZRequestAccessSchema).mutation(({ ctx, input }) => requestAccess(ctx, input)),
  decide: authedProcedure.input(ZDecideAccessSchema).mutation(({ ctx, input }) => decideAccess(ctx, input)),
  grants: authedProcedure.query(({ ctx }) => listGrants(ctx)),
  revokeGrant: authedProcedure.input(ZRevokeGrantSchema).mutation(({ ctx, input }) => revokeGrant(ctx, input)),
});
