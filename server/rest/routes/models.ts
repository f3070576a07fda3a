import { z } from 'zod';
import { ARTIFACT_FORMATS, RISK_TIERS } from '@/db/schema';
import {
  createModel,
  listVersions,
  readModel,
  readVersion,
  searchModels,
  ZCreateModelSchema,
  ZListVersionsSchema,
  ZModelRefSchema,
  ZSearchModelsSchema,
  ZVersionMetadataSchema,
  ZVersionRefSchema,
  openArtifact,
  type TVersionDetail,
} from '../../services/models';
import { artifactResponse } from '../artifact-response';
import { defineRoute } from '../define-route';
import { registerVersionFromRequest } from '../register-version-request';

const ZModelView = z.object({
  id: z.uuid(),
  name: z.string(),
  teamId: z.uuid(),
  teamName: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  riskTier: z.enum(RISK_TIERS),
  latestVersion: z.number().int().describe('0 until a version is registered'),
  ownerId: z.uuid(),
  ownerName: z.string(),
  ownerEmail: z.string(),
  createdBy: z.uuid(),
  createdByEmail: z.string(),
  createdAt: z.iso.datetime(),
});

const ZCodeRefView = z.union([z.object({ repository: z.string(), commit: z.string() }), z.object({ contentSha256: z.string() })]);
const ZValueSignature = z.object({ name: z.string(), type: z.string(), shape: z.array(z.union([z.number(), z.string(), z.null()])).nullable() });

const ZVersionView = z.object({
  id: z.uuid(),
  modelId: z.uuid(),
  modelName: z.string(),
  teamId: z.uuid(),
  version: z.number().int(),
  artifactSha256: z.string(),
  artifactSize: z.number().int(),
  artifactFormat: z.enum(ARTIFACT_FORMATS),
  artifactKey: z.string(),
  trainingCode: ZCodeRefView,
  predictionCode: ZCodeRefView,
  dependencies: z.record(z.string(), z.string()),
  lockfileSha256: z.string().nullable(),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  metrics: z.record(z.string(), z.number()),
  signature: z
    .object({ inputs: z.array(ZValueSignature), outputs: z.array(ZValueSignature), opset: z.number().nullable(), irVersion: z.number() })
    .nullable()
    .describe('Inputs and outputs as onnxruntime loads them; null for non-ONNX artifacts'),
  modelCard: z.object({ intendedUse: z.string(), limitations: z.string(), ethicalConsiderations: z.string() }),
  createdBy: z.uuid(),
  createdByName: z.string(),
  createdByEmail: z.string(),
  createdAt: z.iso.datetime(),
});

const ZVersionDetail = ZVersionView.extend({
  trainingData: z
    .array(
      z.object({
        datasetVersionId: z.uuid(),
        visible: z.boolean().describe('false: you may not read that dataset; only its version id is shown'),
        datasetId: z.uuid().nullable(),
        datasetName: z.string().nullable(),
        number: z.number().int().nullable(),
        classification: z.string().nullable(),
      }),
    )
    .describe('The dataset versions the model version was trained on (lineage)'),
});

const ZVersionPath = ZVersionRefSchema;
const { name: _name, ...listVersionsQuery } = ZListVersionsSchema.shape;

/** REST keeps the created version's URL in a Location header, as 201 responses should. */
function created(version: TVersionDetail): Response {
  return new Response(JSON.stringify(version), {
    status: 201,
    headers: {
      'content-type': 'application/json',
      location: `/api/v1/models/${encodeURIComponent(version.modelName)}/versions/${version.version}`,
    },
  });
}

export const modelRoutes = [
  defineRoute({
    method: 'POST',
    path: '/models',
    summary: 'Register a model for one of your teams. Names are unique regardless of case (409 on a clash).',
    tag: 'Models',
    scope: 'models:write',
    body: ZCreateModelSchema,
    successStatus: 201,
    response: ZModelView,
    async handle(ctx, { body }) {
      return createModel(ctx, body);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/models',
    summary: 'Search the catalog (name contains q, tag, team name, creator email or name), in name order. Page with nextCursor.',
    tag: 'Models',
    scope: 'models:read',
    query: ZSearchModelsSchema,
    response: z.object({ models: z.array(ZModelView), nextCursor: z.string().nullable() }),
    async handle(ctx, { query }) {
      return searchModels(ctx, query);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/models/{name}',
    summary: 'A registered model.',
    tag: 'Models',
    scope: 'models:read',
    params: ZModelRefSchema,
    response: ZModelView,
    async handle(ctx, { params }) {
      return readModel(ctx, params.name);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/models/{name}/versions',
    summary: 'A model’s versions, newest first. Page with `before` = nextBefore.',
    tag: 'Models',
    scope: 'models:read',
    params: ZModelRefSchema,
    query: z.strictObject(listVersionsQuery),
    response: z.object({ versions: z.array(ZVersionView), nextBefore: z.number().int().nullable() }),
    async handle(ctx, { params, query }) {
      return listVersions(ctx, { ...query, name: params.name });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/models/{name}/versions',
    summary:
      'Register the next version: the artifact is streamed, hashed and (ONNX) loaded to record its signature. ' +
      'metadata.trainingData lists the dataset versions it was trained on (ids, or {dataset: name or id, version: n}); ' +
      'each must be readable by you (400 unknown_dataset_version otherwise), and a confidential or restricted one needs your live access grant ' +
      '(403 grant_required; the token also needs datasets:read). ' +
      'Refusals (400 invalid_input / invalid_onnx, 413 payload_too_large) store nothing.',
    tag: 'Models',
    scope: 'models:write',
    params: ZModelRefSchema,
    upload: {
      metadata: ZVersionMetadataSchema,
      description: 'The artifact with its metadata (code commits, dependencies, parameters, metrics, model card).',
    },
    successStatus: 201,
    response: ZVersionDetail,
    async handle(ctx, { params }, req) {
      return created(await registerVersionFromRequest(ctx, params.name, req));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}',
    summary: 'One version with every recorded fact, and the dataset versions it was trained on.',
    tag: 'Models',
    scope: 'models:read',
    params: ZVersionPath,
    response: ZVersionDetail,
    async handle(ctx, { params }) {
      return readVersion(ctx, params);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}/artifact',
    summary: 'Download the artifact; the stream is verified against the recorded SHA-256 (sent in the Digest header).',
    tag: 'Models',
    scope: 'models:read',
    params: ZVersionPath,
    response: { mediaType: 'application/octet-stream', description: 'The artifact bytes' },
    async handle(ctx, { params }) {
      return artifactResponse(await openArtifact(ctx, params));
    },
  }),
];
