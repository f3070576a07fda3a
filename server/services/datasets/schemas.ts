import { z } from 'zod';
import { CLASSIFICATIONS } from '@/scanners/readers/formats';

export const ZDatasetNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'Letters, digits, spaces, dots, dashes and underscores.');

export const ZCreateDatasetSchema = z.strictObject({
  teamId: z.uuid(),
  /** A user with the data owner role. */
  ownerId: z.uuid(),
  name: ZDatasetNameSchema,
  description: z.string().trim().max(2000).default(''),
});
export type TCreateDataset = z.infer<typeof ZCreateDatasetSchema>;

export const ZListDatasetsSchema = z.strictObject({
  name: z.string().trim().max(120).optional(),
  teamId: z.uuid().optional(),
});

export const ZDatasetRefSchema = z.strictObject({ id: z.uuid() });
export const ZVersionRefSchema = z.strictObject({ versionId: z.uuid() });
/** A version by its dataset and number, as in /datasets/{id}/versions/{version}/content. */
export const ZVersionContentRefSchema = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().positive() });

export const ZUploadMetadataSchema = z.strictObject({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((n) => !/[/\\\u0000]/.test(n), 'A file name, not a path.'),
});

export const ZChangeClassificationSchema = z.strictObject({
  versionId: z.uuid(),
  classification: z.enum(CLASSIFICATIONS),
  reason: z.string().trim().min(10, 'Give a reason of at least 10 characters.').max(2000),
});
export type TChangeClassification = z.infer<typeof ZChangeClassificationSchema>;
