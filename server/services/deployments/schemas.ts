import { z } from 'zod';
import { ZEnvironmentNameSchema } from '../promotions/schemas';

const ZModelName = z.string().trim().min(1).max(200);

/** Deploy (or roll back to) a version in an environment; the version's promotion there must be live. */
export const ZRecordDeploymentSchema = z.strictObject({
  name: ZModelName,
  version: z.coerce.number().int().positive(),
  environment: ZEnvironmentNameSchema,
  note: z.string().trim().max(2000).default(''),
});
export type TRecordDeployment = z.input<typeof ZRecordDeploymentSchema>;

export const ZListEnvironmentDeploymentsSchema = z.strictObject({
  env: ZEnvironmentNameSchema,
  /** Only the current deployment of each model (default), or the whole history. */
  history: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const ZListVersionDeploymentsSchema = z.strictObject({ name: ZModelName, version: z.coerce.number().int().positive() });
