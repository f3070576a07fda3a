import { createUser, listUsers, readUser, updateUser, ZCreateUserSchema, ZUpdateUserSchema } from '../services/users';
import { authedProcedure, router } from '../trpc';
import { z } from 'zod';

export const usersRouter = router({
  list: authedProcedure.query(({ ctx }) => listUsers(ctx)),
  get: authedProcedure.input(z.strictObject({ id: z.uuid() })).query(({ ctx, input }) => readUser(ctx, input.id)),
  create: authedProcedure.input(ZCreateUserSchema).mutation(({ ctx, input }) => createUser(ctx, input)),
  update: authedProcedure.input(ZUpdateUserSchema).mutation(({ ctx, input }) => updateUser(ctx, input)),
});
