import { z } from 'zod';
import { ARTIFACT_FORMATS, RISK_TIERS } from '@/db/schema';

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Model names appear in URLs, file names and CLI arguments, so they are plain slugs. The
 * specific refusals come first so the message says what was wrong.
 */
export const ZModelNameSchema = z
  .string()
  .min(1, 'A model name is required.')
  .max(100, 'Model names have at most 100 characters.')
  .refine((n) => !CONTROL_CHARS.test(n), 'Model names may not contain control characters.')
  .refine((n) => !/[/\\]|\.\./.test(n), 'Model names may not contain "/", "\\" or ".." (path traversal).')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Model names start with a letter or digit and use only letters, digits, ".", "_" and "-".');

const ZTag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._:-]{0,39}$/, 'Tags are 1–40 characters: letters, digits, ".", "_", ":" and "-".');

export const ZCreateModelSchema = z.strictObject({
  name: ZModelNameSchema,
  teamId: z.uuid(),
  description: z.string().trim().max(5_000).default(''),
  tags: z.array(ZTag).max(20).default([]),
  riskTier: z.enum(RISK_TIERS),
  /** Defaults to the caller. */
  ownerId: z.uuid().optional(),
});
export type TCreateModel = z.infer<typeof ZCreateModelSchema>;

export const ZSearchModelsSchema = z.strictObject({
  /** Part of the name, case-insensitive. */
  q: z.string().trim().max(100).optional(),
  tag: ZTag.optional(),
  /** Team name, case-insensitive. */
  team: z.string().trim().max(200).optional(),
  /** Part of the email or name of the model's creator or of any of its versions' creators. */
  creator: z.string().trim().max(254).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type TSearchModels = z.infer<typeof ZSearchModelsSchema>;

export const ZModelRefSchema = z.strictObject({ name: ZModelNameSchema });
export const ZVersionRefSchema = z.strictObject({ name: ZModelNameSchema, version: z.coerce.number().int().positive() });
export const ZListVersionsSchema = z.strictObject({
  name: ZModelNameSchema,
  /** Versions below this number (keyset: pass the last version of the previous page). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type TListVersions = z.infer<typeof ZListVersionsSchema>;

const ZSha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'A SHA-256 is 64 hex characters.')
  .transform((h) => h.toLowerCase());

/** Training or prediction code: a repository and its 40-hex git commit, or a hash of the code itself. */
const ZCodeRef = z.union([
  z.strictObject({
    repository: z.string().trim().min(1).max(500),
    commit: z
      .string()
      .regex(/^[0-9a-fA-F]{40}$/, 'A git commit is 40 hex characters (the full SHA-1).')
      .transform((c) => c.toLowerCase()),
  }),
  z.strictObject({ contentSha256: ZSha256 }),
]);

const ZKey = z.string().min(1).max(200);
/** zod 4 numbers are finite: NaN and ±Infinity (e.g. 1e999 in JSON) are refused. */
const ZFinite = z.number({ error: 'Must be a finite number.' });

/**
 * A dataset version a model was trained on: its id, or a dataset (name or id) and version number.
 */
export const ZTrainingDataRefSchema = z.union([
  z.uuid({ error: 'A dataset version id is a UUID (or give {"dataset": name or id, "version": n}).' }),
  z.strictObject({
    dataset: z.string().trim().min(1).max(120),
    version: z.number().int().positive(),
  }),
]);
export type TTrainingDataRef = z.infer<typeof ZTrainingDataRefSchema>;

export const ZVersionMetadataSchema = z.strictObject({
  format: z.enum(ARTIFACT_FORMATS).default('onnx'),
  trainingCode: ZCodeRef,
  predictionCode: ZCodeRef,
  dependencies: z.record(ZKey, z.string().min(1).max(200)).default({}),
  lockfileSha256: ZSha256.optional(),
  parameters: z.record(ZKey, z.union([z.string().max(2_000), ZFinite, z.boolean()])).default({}),
  metrics: z.record(ZKey, ZFinite).default({}),
  /** The dataset versions it was trained on: each must be readable by the registrant, and confidential or restricted ones need their live grant. */
  trainingData: z.array(ZTrainingDataRefSchema).max(100).default([]),
  modelCard: z.strictObject({
    intendedUse: z.string().trim().min(1, 'Say what the model is for.').max(20_000),
    limitations: z.string().trim().min(1, 'Say where the model should not be trusted.').max(20_000),
    ethicalConsiderations: z.string().trim().max(20_000).default(''),
  }),
});
export type TVersionMetadata = z.infer<typeof ZVersionMetadataSchema>;
export type TVersionMetadataInput = z.input<typeof ZVersionMetadataSchema>;
