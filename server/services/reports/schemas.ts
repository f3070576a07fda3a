import { z } from 'zod';
import { REPORT_FORMATS, REPORT_SUBJECT_TYPES } from '@/db/schema/reports';

export const ZReportSubjectSchema = z.strictObject({
  subjectType: z.enum(REPORT_SUBJECT_TYPES),
  subjectId: z.uuid(),
});
export type TReportSubjectInput = z.infer<typeof ZReportSubjectSchema>;

export const ZGenerateReportSchema = ZReportSubjectSchema.extend({
  format: z.enum(REPORT_FORMATS).default('pdf'),
});
export type TGenerateReportInput = z.input<typeof ZGenerateReportSchema>;

export const ZReportJobIdSchema = z.strictObject({ id: z.uuid() });

export const ZListReportSubjectsSchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(100),
});
