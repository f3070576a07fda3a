import { z } from 'zod';
import { listEnvironmentDeployments, recordDeployment, ZListEnvironmentDeploymentsSchema } from '../../services/deployments';
import { ZEnvironmentNameSchema } from '../../services/promotions';
import { predict } from '../../serving/predict';
import { getServingRuntime } from '../../serving/runtimes';
import { MAX_BATCH_ROWS } from '../../serving/validate-inputs';
import { defineRoute } from '../define-route';

const ZModelName = z.string().trim().min(1).max(200);
const ZVersionNumber = z.coerce.number().int().positive();

const ZDeploymentView = z.object({
  id: z.uuid(),
  model: z.string(),
  version: z.number().int(),
  environment: z.string(),
  kind: z.enum(['deploy', 'rollback']).describe('rollback: an earlier version than the one it replaced'),
  note: z.string(),
  promotionRequestId: z.uuid().describe('the approved promotion the deployment relies on'),
  createdAt: z.iso.datetime(),
  approvalExpiresAt: z.iso.datetime().nullable(),
});

const ZListedDeployment = ZDeploymentView.extend({
  modelVersionId: z.uuid(),
  artifactSha256: z.string(),
  deployedByEmail: z.string(),
  viaToken: z.boolean(),
  current: z.boolean().describe('not superseded by a later deployment of the model'),
  supersededAt: z.iso.datetime().nullable(),
  status: z
    .enum(['serving', 'superseded', 'approval_revoked', 'approval_expired', 'not_deployed'])
    .describe('serving: current with a live approval; otherwise what the serving layer answers for it'),
  statusMessage: z.string().nullable(),
});

/** What a prediction call sends: named tensors, or records (one object per row, a value per input). */
const ZPredictBody = z
  .strictObject({
    inputs: z.record(z.string(), z.unknown()).optional().describe('named tensors as nested arrays, e.g. { "features": [[0.5, 1, 2, 0.25]] }'),
    records: z.array(z.record(z.string(), z.unknown())).optional().describe('one object per row: { "<input>": <that row of it> }, e.g. [{ "features": [0.5, 1, 2, 0.25] }]'),
  })
  .describe(`Exactly one of inputs or records; at most ${MAX_BATCH_ROWS} rows. Validated against the version's ONNX signature.`);

const ZPredictAnswer = z.object({
  requestId: z.uuid().describe('the id of the stored prediction row'),
  model: z.string(),
  version: z.number().int(),
  environment: z.string(),
  deploymentId: z.uuid(),
  outputs: z.record(z.string(), z.unknown()).describe('each ONNX output by name, as nested arrays of its shape'),
});

const PREDICT_NOTES =
  'Served only while the version is the deployment of the model in the environment with a live approval (403 `not_deployed`, `approval_revoked`, `approval_expired`, `artifact_mismatch`). Inputs are checked against the signature (400 `unknown_input`, `missing_input`, `wrong_shape`, `wrong_type`, `non_finite_value`, `batch_too_large`). The answer is sent after its prediction is stored (503 `prediction_not_recorded` otherwise).';

export const servingRoutes = [
  defineRoute({
    method: 'POST',
    path: '/models/{name}/versions/{version}/deployments',
    summary: 'Record a deployment (or a rollback to an earlier version) of a model version to an environment. Refused (409 `not_approved`, `promotion_revoked`, `promotion_expired`) unless its promotion there is approved and live.',
    tag: 'Serving',
    scope: 'deployments:write',
    params: z.strictObject({ name: ZModelName, version: ZVersionNumber }),
    body: z.strictObject({ environment: ZEnvironmentNameSchema, note: z.string().trim().max(2000).default('') }),
    response: ZDeploymentView,
    successStatus: 201,
    async handle(ctx, { params, body }) {
      const d = await recordDeployment(ctx, { name: params.name, version: params.version, environment: body.environment, note: body.note });
      return {
        id: d.id,
        model: d.model,
        version: d.version,
        environment: d.environment,
        kind: d.kind,
        note: d.note,
        promotionRequestId: d.promotionRequestId,
        createdAt: d.createdAt,
        approvalExpiresAt: d.approvalExpiresAt,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/environments/{env}/deployments',
    summary: 'What runs in an environment: the current deployment of each model you may see (`history=true`: every deployment), newest first.',
    tag: 'Serving',
    scope: 'deployments:read',
    params: z.strictObject({ env: ZEnvironmentNameSchema }),
    query: ZListEnvironmentDeploymentsSchema.omit({ env: true }),
    response: z.object({ deployments: z.array(ZListedDeployment) }),
    async handle(ctx, { params, query }) {
      const rows = await listEnvironmentDeployments(ctx, { env: params.env, history: query.history });
      return { deployments: rows.map(({ teamId: _team, environmentId: _env, deployedByName: _name, ...row }) => row) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/serve/{env}/models/{name}/predict',
    summary: `Predict with the model's current deployment in the environment. ${PREDICT_NOTES}`,
    tag: 'Serving',
    scope: 'serving:predict',
    params: z.strictObject({ env: ZEnvironmentNameSchema, name: ZModelName }),
    body: ZPredictBody,
    response: ZPredictAnswer,
    async handle(ctx, { params, body }) {
      const startedAt = performance.now();
      return predict(await getServingRuntime(params.env), ctx, params, body, startedAt);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/serve/{env}/models/{name}/versions/{version}/predict',
    summary: `Predict with a specific version, answered only while it is the deployed one. ${PREDICT_NOTES}`,
    tag: 'Serving',
    scope: 'serving:predict',
    params: z.strictObject({ env: ZEnvironmentNameSchema, name: ZModelName, version: ZVersionNumber }),
    body: ZPredictBody,
    response: ZPredictAnswer,
    async handle(ctx, { params, body }) {
      const startedAt = performance.now();
      return predict(await getServingRuntime(params.env), ctx, params, body, startedAt);
    },
  }),
];
