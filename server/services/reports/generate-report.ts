import { countLineageNodes } from '@/reports/collect-common';
import { AppError } from '../../errors';
import type { TServiceContext } from '../context';
import { collectReport, recordGeneratedReport, renderReport, type TRenderedReport } from './produce-report';
import { queueReportJob, type TReportJobView } from './report-jobs';
import { resolveReportSubject, type TReportSubject } from './resolve-subject';
import { ZGenerateReportSchema, ZReportSubjectSchema, type TGenerateReportInput } from './schemas';

/** Reports whose lineage graph has more nodes than this run as a background job with progress. */
export const REPORT_JOB_NODE_THRESHOLD = 200;

export interface TReportPlan {
  subject: TReportSubject;
  lineageNodes: number;
  /** direct: rendered during the request; job: queued (ML-BOMs carry no graph and are always direct). */
  mode: 'direct' | 'job';
}

function planFor(subject: TReportSubject, lineageNodes: number, format?: string): TReportPlan {
  return { subject, lineageNodes, mode: lineageNodes > REPORT_JOB_NODE_THRESHOLD && format !== 'mlbom' ? 'job' : 'direct' };
}

export async function planReport(ctx: TServiceContext, input: { subjectType: string; subjectId: string }): Promise<TReportPlan> {
  const subject = await resolveReportSubject(ctx, ZReportSubjectSchema.parse(input));
  const kind = subject.type === 'ModelVersion' ? 'model_version' : 'dataset_version';
  return planFor(subject, await countLineageNodes(ctx, kind, subject.id, REPORT_JOB_NODE_THRESHOLD));
}

/**
 * A report of a model or dataset version. Small ones are collected, rendered and recorded
 * (`report.generated` with their SHA-256, committed before any byte leaves) during the call;
 * large ones (and any when `background` is set) are queued as a job.
 */
export async function generateReport(
  ctx: TServiceContext,
  input: TGenerateReportInput & { background?: boolean },
): Promise<{ kind: 'file'; file: TRenderedReport } | { kind: 'job'; job: TReportJobView }> {
  const { background, ...rest } = input;
  const { format, ...subjectInput } = ZGenerateReportSchema.parse(rest);
  if (format === 'mlbom' && subjectInput.subjectType !== 'ModelVersion') throw new AppError('invalid_input', 'An ML-BOM describes a model version; pick a model version.');
  const plan = { ...(await planReport(ctx, subjectInput)) };
  const { subject } = plan;
  const mode = planFor(subject, plan.lineageNodes, format).mode;
  if (mode === 'job' || background) return { kind: 'job', job: await queueReportJob(ctx, subject, format, plan.lineageNodes) };
  const report = await collectReport(ctx, subject);
  const file = await renderReport(report, subject, format);
  await recordGeneratedReport(ctx.db, ctx.actor, subject, format, file, null);
  return { kind: 'file', file };
}

/** The portal and REST answer for a rendered report: the exact bytes whose hash was recorded. */
export function reportFileResponse(file: Pick<TRenderedReport, 'bytes' | 'sha256' | 'size' | 'contentType' | 'fileName'>): Response {
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'content-type': file.contentType,
      'content-length': String(file.size),
      'content-disposition': `attachment; filename="${file.fileName}"`,
      digest: `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`,
      'x-report-sha256': file.sha256,
    },
  });
}
