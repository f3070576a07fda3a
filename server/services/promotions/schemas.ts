import { z } from 'zod';
import { ROLES, type TRole } from '@/policies/vocabulary';
import { PROMOTION_CHECKS, type TPromotionCheck } from './default-policies';

const ZModelName = z.string().trim().min(1).max(200);
export const ZEnvironmentNameSchema = z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');

export const ZRequestPromotionSchema = z.strictObject({
  name: ZModelName,
  version: z.coerce.number().int().positive(),
  environment: ZEnvironmentNameSchema,
  justification: z.string().trim().max(2000).default(''),
});

export const ZReviewPromotionSchema = z.strictObject({
  id: z.uuid(),
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().max(2000).default(''),
});

export const ZWithdrawPromotionSchema = z.strictObject({ id: z.uuid(), reason: z.string().trim().max(2000).default('') });
export const ZRevokePromotionSchema = z.strictObject({ id: z.uuid(), reason: z.string().trim().min(1).max(2000) });

export const ZApprovalStatusSchema = z.strictObject({
  name: ZModelName,
  version: z.coerce.number().int().positive(),
  env: ZEnvironmentNameSchema,
});

const ZRole = z.enum(ROLES as unknown as [TRole, ...TRole[]]);
export const ZUpdatePolicySchema = z
  .strictObject({
    environment: ZEnvironmentNameSchema,
    requiredApprovals: z.number().int().min(1).max(10),
    eligibleRoles: z.array(ZRole).min(1),
    minimumFromRole: z.array(z.strictObject({ role: ZRole, count: z.number().int().min(1).max(10) })).default([]),
    requiredChecks: z.array(z.enum(PROMOTION_CHECKS as unknown as [TPromotionCheck, ...TPromotionCheck[]])),
    approvalValidDays: z.number().int().min(1).max(365),
  })
  .refine((p) => p.minimumFromRole.reduce((n, m) => n + m.count, 0) <= p.requiredApprovals, {
    message: 'the role minimums need more people than requiredApprovals',
    path: ['minimumFromRole'],
  });

export const ZSetThresholdsSchema = z.strictObject({
  name: ZModelName,
  thresholds: z
    .array(z.strictObject({ metric: z.string().trim().min(1).max(100), comparator: z.enum(['>=', '<=']), value: z.number().finite() }))
    .max(50)
    .refine((list) => new Set(list.map((t) => t.metric)).size === list.length, 'one threshold per metric'),
});

export const ZApproveExceptionSchema = z.strictObject({ datasetVersionId: z.uuid(), reason: z.string().trim().min(10).max(2000) });
