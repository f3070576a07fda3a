import { randomUUID } from 'node:crypto';
import { asSubject, defineAbilityFor } from '@/policies/ability';
import { recordAudit } from '../audit/transact';
import { AppError, toAppError } from '../errors';
import { observePrediction, type TPredictionStatus } from '../monitoring/metrics';
import type { TServiceContext } from '../services/context';
import { servingRefusal } from '../services/deployments/deployability';
import { outputsToJson } from './outputs';
import type { ServingRuntime, TServedVersion } from './runtime';
import { parsePredictBody, validateInputs } from './validate-inputs';

export interface TPredictTarget {
  env: string;
  name: string;
  /** A specific version: answered only while it is the deployed one. */
  version?: number;
}

export interface TPredictAnswer {
  requestId: string;
  model: string;
  version: number;
  environment: string;
  deploymentId: string;
  outputs: Record<string, unknown>;
}

const INPUT_CODES = new Set(['invalid_input', 'invalid_json', 'unknown_input', 'missing_input', 'wrong_shape', 'wrong_type', 'non_finite_value', 'batch_too_large', 'payload_too_large', 'unsupported_media_type']);

function statusOf(error: AppError): TPredictionStatus {
  if (INPUT_CODES.has(error.code)) return 'invalid_input';
  return error.status >= 500 ? 'error' : 'refused';
}

/**
 * One call of the serving layer: the caller may predict with the model (its team), the version
 * is the environment's current deployment with a live approval (re-checked now, from the state
 * notifications keep fresh) and a verified artifact, the inputs fit its signature. The answer
 * leaves only after its prediction row is committed; if recording fails, nothing is answered.
 */
export async function predict(runtime: ServingRuntime, ctx: TServiceContext, target: TPredictTarget, body: unknown, startedAt = performance.now()): Promise<TPredictAnswer> {
  const entry = runtime.lookup(target.name);
  if (!entry) {
    throw new AppError('not_deployed', `No version of ${target.name} is deployed in ${runtime.environment}; it is not served there.`);
  }
  const done = runtime.acquire(entry);
  try {
    return await answerPrediction(runtime, ctx, entry, target, body, startedAt);
  } catch (error) {
    const appError = toAppError(error);
    observePrediction({ model: entry.model, version: entry.version, environment: runtime.environment, status: statusOf(appError) });
    throw error;
  } finally {
    done();
  }
}

async function answerPrediction(runtime: ServingRuntime, ctx: TServiceContext, entry: TServedVersion, target: TPredictTarget, body: unknown, startedAt: number): Promise<TPredictAnswer> {
  await authorizePrediction(ctx, entry);
  if (target.version !== undefined && target.version !== entry.version) {
    throw new AppError('not_deployed', `Version ${target.version} of ${entry.model} is not deployed in ${runtime.environment} (version ${entry.version} is); it is not served there.`);
  }
  await entry.ready;
  const refusal = servingRefusal(entry.approval, { model: entry.model, version: entry.version, environment: runtime.environment, artifactSha256: entry.artifactSha256 }, Date.now());
  if (refusal) throw new AppError(refusal.code, refusal.message);
  if (entry.refusal) throw new AppError(entry.refusal.code, entry.refusal.message);
  if (!entry.session) throw new AppError('serving_unavailable', `${entry.model} version ${entry.version} is being replaced; retry.`);

  const request = parsePredictBody(body);
  const { feeds, rows } = validateInputs(request, entry.inputs);
  const results = await entry.session.run(feeds);
  const outputs = outputsToJson(results, entry.outputNames);
  const latencyMs = performance.now() - startedAt;
  const requestId = randomUUID();
  try {
    await runtime.recorder.record({
      requestId,
      modelVersionId: entry.modelVersionId,
      deploymentId: entry.deploymentId,
      environmentId: entry.environmentId,
      callerUserId: ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.userId : null,
      callerTokenId: ctx.actor.type === 'token' ? ctx.actor.tokenId : null,
      input: request,
      output: outputs,
      latencyMs,
      createdAt: new Date(),
    });
  } catch (error) {
    console.error(`[serving] prediction ${requestId} not recorded:`, error);
    throw new AppError('prediction_not_recorded', 'The prediction could not be recorded, so it is not answered. Retry later.');
  }
  observePrediction({ model: entry.model, version: entry.version, environment: runtime.environment, status: 'ok', latencyMs, rows });
  return { requestId, model: entry.model, version: entry.version, environment: runtime.environment, deploymentId: entry.deploymentId, outputs };
}

/**
 * The caller must see the deployment (another team's model is 404) and may create predictions
 * for its team. Written out rather than through authorize(): a prediction is not a row anyone
 * reads back here, so "hidden" must come from the deployment, not from reading predictions.
 */
async function authorizePrediction(ctx: TServiceContext, entry: TServedVersion): Promise<void> {
  const row = { id: entry.deploymentId, teamId: entry.teamId };
  if (ctx.ability.can('create', asSubject('Prediction', row)) && ctx.ability.can('read', asSubject('Deployment', row))) return;
  if (ctx.actor.type === 'anonymous') throw new AppError('unauthenticated', 'Sign in or send an API token.');
  const hidden = !ctx.ability.can('read', asSubject('Deployment', row));
  const asUser = ctx.actor.type === 'token' ? defineAbilityFor({ ...ctx.actor, type: 'user' }) : null;
  const insufficientScope = asUser !== null && asUser.can('create', asSubject('Prediction', row)) && asUser.can('read', asSubject('Deployment', row));
  await recordAudit(ctx.db, ctx.actor, {
    action: 'access.denied',
    subject: { type: 'Prediction', id: entry.deploymentId },
    data: { action: 'create', reason: insufficientScope ? 'insufficient_scope' : hidden ? 'not_visible' : 'no_rule' },
    outcome: 'denied',
  });
  if (insufficientScope) throw new AppError('insufficient_scope', 'This token may not call the serving layer (scope serving:predict).');
  if (hidden) throw new AppError('not_found', `No model ${entry.model} is served in ${entry.environment}.`);
  throw new AppError('forbidden', `You may not call ${entry.model}: predictions are for the model's team.`);
}
