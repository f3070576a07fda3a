import { Readable } from 'node:stream';
import { z } from 'zod';
import { REPORT_FORMATS } from '@/db/schema/reports';
import {
  generateReport,
  listReportJobs,
  openReportJobResult,
  readReportJob,
  reportFileResponse,
  ZGenerateReportSchema,
  ZReportJobIdSchema,
  type TReportJobView,
} from '../../services/reports';
import { readVersion } from '../../services/models/read-version';
import { defineRoute } from '../define-route';

const ZFormatQuery = z.strictObject({ format: z.enum(REPORT_FORMATS).default('pdf'), background: z.enum(['true', 'false']).optional() });
const ZJob = z.object({
  id: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  subjectLabel: z.string(),
  format: z.string(),
  status: z.string(),
  progress: z.number(),
  stage: z.string(),
  sha256: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  downloadPath: z.string().nullable(),
});

const REPORT_RESPONSE = {
  mediaType: 'application/pdf',
  description:
    'The report (PDF, JSON or CycloneDX 1.6 JSON ML-BOM), its SHA-256 in `X-Report-SHA256` (recorded in the audit trail as `report.generated`). ' +
    'A report with a large lineage graph answers 202 with the job to poll at /reports/jobs/{id}.',
};

/** 200 with the bytes, or 202 with the job for a large report. */
function reportAnswer(result: Awaited<ReturnType<typeof generateReport>>): Response {
  if (result.kind === 'file') return reportFileResponse(result.file);
  return jobResponse(result.job, 202);
}

function jobResponse(job: TReportJobView, status: number): Response {
  const apiJob = { ...job, downloadPath: job.downloadPath ? `/api/v1/reports/jobs/${job.id}/download` : null };
  return new Response(JSON.stringify(apiJob), { status, headers: { 'content-type': 'application/json', location: `/api/v1/reports/jobs/${job.id}` } });
}

export const reportRoutes = [
  defineRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}/report',
    summary: 'A model version’s lineage report: PDF (default), JSON, or `format=mlbom` for its CycloneDX 1.6 ML-BOM (validated before it is served).',
    tag: 'Reports',
    scope: 'reports:read',
    params: z.strictObject({ name: z.string().min(1).max(200), version: z.coerce.number().int().positive() }),
    query: ZFormatQuery,
    response: REPORT_RESPONSE,
    async handle(ctx, { params, query }) {
      const version = await readVersion(ctx, params);
      return reportAnswer(await generateReport(ctx, { subjectType: 'ModelVersion', subjectId: version.id, format: query.format, background: query.background === 'true' }));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/dataset-versions/{versionId}/report',
    summary: 'A dataset version’s report (PDF or JSON): scan, classification history, grants, the models trained on it, lineage and audit events.',
    tag: 'Reports',
    scope: 'reports:read',
    params: z.strictObject({ versionId: z.uuid() }),
    query: ZFormatQuery,
    response: REPORT_RESPONSE,
    async handle(ctx, { params, query }) {
      return reportAnswer(await generateReport(ctx, { subjectType: 'DatasetVersion', subjectId: params.versionId, format: query.format, background: query.background === 'true' }));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/reports/jobs',
    summary: 'Queue a report as a background job, whatever its size; poll it at /reports/jobs/{id}.',
    tag: 'Reports',
    scope: 'reports:read',
    body: ZGenerateReportSchema,
    response: { mediaType: 'application/json', description: 'the job (202)' },
    async handle(ctx, { body }) {
      const result = await generateReport(ctx, { ...body, background: true });
      return reportAnswer(result);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/reports/jobs',
    summary: 'The caller’s report jobs, newest first.',
    tag: 'Reports',
    scope: 'reports:read',
    response: z.object({ items: z.array(ZJob) }),
    async handle(ctx) {
      return { items: await listReportJobs(ctx) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/reports/jobs/{id}',
    summary: 'A report job: status, progress, and once completed its SHA-256, size and download path.',
    tag: 'Reports',
    scope: 'reports:read',
    params: ZReportJobIdSchema,
    response: ZJob,
    async handle(ctx, { params }) {
      const job = await readReportJob(ctx, params);
      return { ...job, downloadPath: job.downloadPath ? `/api/v1/reports/jobs/${job.id}/download` : null };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/reports/jobs/{id}/download',
    summary: 'A completed report job’s file (409 until it is completed).',
    tag: 'Reports',
    scope: 'reports:read',
    params: ZReportJobIdSchema,
    response: REPORT_RESPONSE,
    async handle(ctx, { params }) {
      return reportJobDownload(await openReportJobResult(ctx, params));
    },
  }),
];

const CONTENT_TYPES = { pdf: 'application/pdf', json: 'application/json; charset=utf-8', mlbom: 'application/vnd.cyclonedx+json; charset=utf-8' } as const;

/** Streams a stored report; the store's stream fails if the bytes no longer match the recorded hash. */
export function reportJobDownload(result: Awaited<ReturnType<typeof openReportJobResult>>): Response {
  return new Response(Readable.toWeb(result.stream) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': CONTENT_TYPES[result.format],
      'content-length': String(result.size),
      'content-disposition': `attachment; filename="${result.fileName}"`,
      'x-report-sha256': result.sha256,
    },
  });
}
