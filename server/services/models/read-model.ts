import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';
import { findModel, type TModelView } from './views';

/** A model by name; one the actor may not see is 404, as if it did not exist. */
export async function readModel(ctx: TServiceContext, name: string): Promise<TModelView> {
  const model = await findModel(ctx.db, name);
  if (!model) throw new AppError('not_found', `No model named ${name}.`);
  await authorize(ctx, 'read', 'RegisteredModel', model);
  return model;
}
