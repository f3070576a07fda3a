import { z } from 'zod';
import { CLASSIFICATIONS, DATASET_FORMATS, SCAN_STATUSES } from '@/scanners/readers/formats';
import {
  cancelScan,
  changeClassification,
  createDataset,
  listDatasets,
  openVersionContent,
  readDataset,
  readVersion,
  requestRescan,
  ZChangeClassificationSchema,
  ZCreateDatasetSchema,
  ZDatasetRefSchema,
  ZListDatasetsSchema,
  ZUploadMetadataSchema,
  ZVersionContentRefSchema,
  ZVersionRefSchema,
} from '../../services/datasets';
import { artifactResponse } from '../artifact-response';
import { defineRoute } from '../define-route';
import { uploadDatasetVersionFromRequest } from '../upload-dataset-version-request';

const ZDatasetView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  teamId: z.uuid(),
  teamName: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  ownerEmail: z.string(),
  createdBy: z.uuid(),
  createdAt: z.iso.datetime(),
});

const ZScanView = z.object({
  id: z.uuid(),
  status: z.enum(SCAN_STATUSES),
  scannerVersion: z.string(),
  attempts: z.number().int(),
  bytesRead: z.number().int(),
  bytesTotal: z.number().int(),
  errorCode: z.string().nullable().describe('e.g. csv_unclosed_quote, zip_ratio_exceeded, image_too_large, worker_lost'),
  errorMessage: z.string().nullable(),
  reasons: z.array(z.string()).nullable().describe('Why the scan classified the version as it did, most severe first'),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});

const ZVersionView = z.object({
  id: z.uuid(),
  datasetId: z.uuid(),
  datasetName: z.string(),
  number: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  format: z.enum(DATASET_FORMATS),
  rowCount: z.number().int().nullable(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })).nullable(),
  classification: z.enum(CLASSIFICATIONS).nullable().describe('null until the first scan finishes'),
  createdBy: z.uuid(),
  createdByName: z.string(),
  createdAt: z.iso.datetime(),
  scan: ZScanView.nullable(),
});

const ZFindingView = z.object({
  locationKind: z.string(),
  location: z.string(),
  entityType: z.string(),
  count: z.number().int(),
  confidence: z.number(),
  detector: z.string(),
  explanation: z.string(),
  maskedSamples: z.array(z.string()).describe('Masked: raw values are never stored or returned'),
});

const ZContentAccess = z
  .object({
    gated: z.boolean().describe('confidential or restricted: reading content needs a live grant'),
    allowed: z.boolean(),
    via: z.enum(['not_gated', 'system', 'owner', 'governance_officer', 'grant']).nullable(),
    grantExpiresAt: z.iso.datetime().nullable(),
    requestUrl: z.string().describe('Portal page where access is requested'),
  })
  .describe('Whether you may read the content (download, masked samples), checked at read time');

const ZTrainedModel = z.object({ datasetVersionId: z.uuid(), modelVersionId: z.uuid(), modelName: z.string(), version: z.number().int() });

const ZVersionDetail = ZVersionView.extend({
  content: ZContentAccess.extend({ samplesWithheld: z.boolean().describe('masked samples left out: no live grant'), canRequest: z.boolean() }),
  trainedModels: z.array(ZTrainedModel).describe('Model versions you may see that were trained on this version'),
  findings: z.array(ZFindingView),
  history: z.array(z.object({ from: z.string().nullable(), to: z.string(), reason: z.string(), changedBy: z.uuid().nullable(), changedByName: z.string().nullable(), changedAt: z.iso.datetime() })),
});

const { versionId: _omit, ...classificationBody } = ZChangeClassificationSchema.shape;

const versionRoute = (path: string, summary: string, response: z.ZodType, pick: (v: Awaited<ReturnType<typeof readVersion>>) => unknown) =>
  defineRoute({
    method: 'GET',
    path,
    summary,
    tag: 'Datasets',
    scope: 'datasets:read',
    params: ZVersionRefSchema,
    response,
    async handle(ctx, { params }) {
      return pick(await readVersion(ctx, params.versionId));
    },
  });

export const datasetRoutes = [
  defineRoute({
    method: 'GET',
    path: '/datasets',
    summary: 'Datasets you may see, by team and name; `name` matches exactly (case-insensitive).',
    tag: 'Datasets',
    scope: 'datasets:read',
    query: ZListDatasetsSchema,
    response: z.object({ datasets: z.array(ZDatasetView) }),
    async handle(ctx, { query }) {
      return { datasets: await listDatasets(ctx, query) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/datasets',
    summary: 'Create a dataset for one of your teams; its owner must hold the data owner role.',
    tag: 'Datasets',
    scope: 'datasets:write',
    body: ZCreateDatasetSchema,
    successStatus: 201,
    response: ZDatasetView,
    async handle(ctx, { body }) {
      return createDataset(ctx, body);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/datasets/{id}',
    summary: 'A dataset with its versions, newest first, each with its latest scan.',
    tag: 'Datasets',
    scope: 'datasets:read',
    params: ZDatasetRefSchema,
    response: ZDatasetView.extend({ versions: z.array(ZVersionView.extend({ trainedModels: z.array(ZTrainedModel) })), content: ZContentAccess.extend({ canRequest: z.boolean().describe('whether you may ask for access (a data scientist or ML engineer of its team)') }) }),
    async handle(ctx, { params }) {
      return readDataset(ctx, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/datasets/{id}/versions',
    summary:
      'Upload the next version (streamed, hashed, stored content-addressed) and queue its PII scan. ' +
      'An empty file or binary data under a text name is refused with 422 unreadable_file (details.reason).',
    tag: 'Datasets',
    scope: 'datasets:write',
    params: ZDatasetRefSchema,
    upload: { metadata: ZUploadMetadataSchema, description: 'The file (CSV/TSV, JSON Lines, Parquet, text, PDF, PNG/JPEG/TIFF or a zip of these) and its name.' },
    successStatus: 201,
    response: ZVersionDetail,
    async handle(ctx, { params }, req) {
      return Response.json(await uploadDatasetVersionFromRequest(ctx, params.id, req), { status: 201 });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/datasets/{id}/versions/{version}/content',
    summary:
      'Download a version’s content (streamed, verified against its SHA-256, audited). A confidential or restricted version needs a live ' +
      'access grant, checked now (403 grant_required, with details.requestUrl); the dataset’s owner and governance officers are exempt.',
    tag: 'Datasets',
    scope: 'datasets:read',
    params: ZVersionContentRefSchema,
    response: { mediaType: 'application/octet-stream', description: 'The dataset version’s bytes' },
    async handle(ctx, { params }) {
      return artifactResponse(await openVersionContent(ctx, params));
    },
  }),
  versionRoute('/dataset-versions/{versionId}', 'A version with its scan, findings and classification history.', ZVersionDetail, (v) => v),
  versionRoute('/dataset-versions/{versionId}/scan', 'The latest scan: status, progress (bytesRead of bytesTotal), error, and the classification it led to.', z.object({ classification: z.enum(CLASSIFICATIONS).nullable(), scan: ZScanView.nullable() }), (v) => ({ classification: v.classification, scan: v.scan })),
  versionRoute('/dataset-versions/{versionId}/findings', 'What the latest scan found per column, page or region, with masked samples only (left out of a confidential or restricted version without a live grant).', z.object({ findings: z.array(ZFindingView) }), (v) => ({ findings: v.findings })),
  defineRoute({
    method: 'POST',
    path: '/dataset-versions/{versionId}/scan',
    summary: 'Scan the version again (409 if a scan is already queued or running).',
    tag: 'Datasets',
    scope: 'datasets:write',
    params: ZVersionRefSchema,
    successStatus: 201,
    response: ZVersionDetail,
    async handle(ctx, { params }) {
      return requestRescan(ctx, params.versionId);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/dataset-versions/{versionId}/scan/cancel',
    summary: 'Cancel the queued or running scan.',
    tag: 'Datasets',
    scope: 'datasets:write',
    params: ZVersionRefSchema,
    response: ZVersionDetail,
    async handle(ctx, { params }) {
      return cancelScan(ctx, params.versionId);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/dataset-versions/{versionId}/classification',
    summary: 'Change the classification with a written reason (governance officers only; audited).',
    tag: 'Datasets',
    scope: 'datasets:write',
    params: ZVersionRefSchema,
    body: z.strictObject(classificationBody),
    response: ZVersionDetail,
    async handle(ctx, { params, body }) {
      return changeClassification(ctx, { ...body, versionId: params.versionId });
    },
  }),
];
