import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { modelMetricThresholds } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { findModel } from '../models/views';
import type { ZSetThresholdsSchema } from './schemas';

/** The model's owner replaces its metric thresholds (e.g. auc >= 0.85); pending requests see them at their next evaluation. */
export async function setThresholds(ctx: TServiceContext, input: z.infer<typeof ZSetThresholdsSchema>) {
  const model = await findModel(ctx.db, input.name);
  if (!model) throw new AppError('not_found', `No model ${input.name}.`);
  await authorize(ctx, 'read', 'RegisteredModel', model);
  await authorize(ctx, 'update', 'RegisteredModel', model);
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    await tx.delete(modelMetricThresholds).where(eq(modelMetricThresholds.modelId, model.id));
    if (input.thresholds.length) {
      await tx.insert(modelMetricThresholds).values(input.thresholds.map((t) => ({ modelId: model.id, ...t, setBy: actorUserId(ctx.actor)! })));
    }
    audit.record({ action: 'model.thresholds_set', subject: { type: 'RegisteredModel', id: model.id }, data: { model: model.name, thresholds: input.thresholds } });
    return input.thresholds;
  });
}
