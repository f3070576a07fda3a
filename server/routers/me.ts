import { publicProcedure, router } from '../trpc';

export const meRouter = router({
  /** Who is signed in (null when nobody is), with roles, teams and the abilities the UI uses to show or hide actions. */
  get: publicProcedure.query(({ ctx }) => {
    if (ctx.actor.type !== 'user') return null;
    const { userId, email, name, roles, teamIds } = ctx.actor;
    return { userId, email, name, roles, teamIds, rules: ctx.ability.rules };
  }),
});
