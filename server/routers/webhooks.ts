import { createWebhook, disableWebhook, listWebhooks, ZCreateWebhookSchema, ZDisableWebhookSchema } from '../services/webhooks';
import { authedProcedure, router } from '../trpc';

export const webhooksRouter = router({
  list: authedProcedure.query(({ ctx }) => listWebhooks(ctx)),
  create: authedProcedure.input(ZCreateWebhookSchema).mutation(({ ctx, input }) => createWebhook(ctx, input)),
  disable: authedProcedure.input(ZDisableWebhookSchema).mutation(({ ctx, input }) => disableWebhook(ctx, input)),
});
