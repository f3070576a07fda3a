import { z } from 'zod';
import { AppError } from '../../errors';
import { ZModelNameSchema } from '../models/schemas';

const ZTime = z.iso.datetime({ offset: true, message: 'Times are ISO 8601 with a zone, e.g. 2026-11-23T00:00:00Z.' });

/** A version's predictions in [from, to), newest first, one keyset page at a time. */
/** The fields of a listing, without the range check (so a router can extend them). */
export const ZListPredictionsFields = z.strictObject({
  name: ZModelNameSchema,
  version: z.coerce.number().int().positive(),
  from: ZTime.optional(),
  to: ZTime.optional(),
  /** `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const ZListPredictionsSchema = ZListPredictionsFields
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: '`from` must be before `to`.', path: ['from'] });
export type TListPredictions = z.infer<typeof ZListPredictionsSchema>;

export const PREDICTION_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type TPredictionExportFormat = (typeof PREDICTION_EXPORT_FORMATS)[number];

/** An export names its range: it is audited as "who exported what". */
export const ZExportPredictionsSchema = z
  .strictObject({
    name: ZModelNameSchema,
    version: z.coerce.number().int().positive(),
    format: z.enum(PREDICTION_EXPORT_FORMATS),
    from: ZTime,
    to: ZTime,
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: '`from` must be before `to`.', path: ['from'] });
export type TExportPredictions = z.infer<typeof ZExportPredictionsSchema>;

/** Service inputs are checked again here (tRPC and REST validated their parts): a failure is 400 invalid_input. */
export function parsePredictionInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
  throw new AppError('invalid_input', issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; '), { issues });
}
