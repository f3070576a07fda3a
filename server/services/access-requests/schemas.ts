import { z } from 'zod';

export const ZRequestAccessSchema = z.strictObject({
  datasetId: z.uuid(),
  purpose: z.string().trim().min(10, 'say what the data is for (10 characters at least)').max(2000),
  days: z.number().int().min(1).max(365),
});
export const ZDecideAccessSchema = z.strictObject({
  id: z.uuid(),
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().max(2000).default(''),
});
export const ZRevokeGrantSchema = z.strictObject({ id: z.uuid(), reason: z.string().trim().min(1).max(2000) });
