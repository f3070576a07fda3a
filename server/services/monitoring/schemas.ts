import { z } from 'zod';
import { ALERT_STATES } from '@/db/schema/monitoring';
import { BUCKETS } from '../../monitoring/usage';

export const ZVersionRefSchema = z.strictObject({
  name: z.string().min(1).max(200),
  version: z.coerce.number().int().positive(),
});

/** A time range of at most MAX_BUCKETS buckets; defaults: the last 24 hours, by hour (by minute up to 6 hours). */
export const ZMonitoringRangeSchema = z.strictObject({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  bucket: z.enum(BUCKETS).optional(),
});

export const ZVersionMonitoringSchema = ZVersionRefSchema.extend(ZMonitoringRangeSchema.shape);
export type TVersionMonitoringInput = z.infer<typeof ZVersionMonitoringSchema>;

export const ZListAlertsSchema = z.strictObject({
  states: z.array(z.enum(ALERT_STATES)).min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const ZAcknowledgeAlertSchema = z.strictObject({ id: z.uuid(), comment: z.string().max(2000).default('') });
export const ZResolveAlertSchema = z.strictObject({ id: z.uuid(), resolution: z.string().trim().min(1).max(2000) });

export const ZSetThresholdsSchema = ZVersionRefSchema.extend({
  psi: z.number().positive().max(100),
  ks: z.number().positive().max(1),
  p99LatencyMs: z.number().positive().max(600_000),
});
