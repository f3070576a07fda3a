import { z } from 'zod';
import { loadAttestationJwks } from '../../attestations/jwks';
import { APPROVAL_STATUSES, listApprovedVersions, readApprovalStatus, ZApprovalStatusSchema, ZEnvironmentNameSchema } from '../../services/promotions';
import { defineRoute } from '../define-route';

const ZEnvelope = z
  .object({ payloadType: z.string(), payload: z.string(), signatures: z.array(z.object({ keyid: z.string(), sig: z.string() })) })
  .describe('DSSE envelope over an in-toto Statement; verify with `modelgate check` or cli/verify-attestation.mjs');

const ZApprovalStatusView = z.object({
  model: z.string(),
  version: z.number().int(),
  environment: z.string(),
  artifactSha256: z.string(),
  status: z.enum(APPROVAL_STATUSES).describe('none when no promotion was ever requested; expired covers a stale request and an approval past its expiry'),
  requestId: z.uuid().nullable(),
  requestedAt: z.iso.datetime().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable().describe('pending: when the request expires; decided: when the approval expires'),
  revokedAt: z.iso.datetime().nullable(),
  revokeReason: z.string().nullable(),
  reasons: z.array(z.string()),
  approvers: z.array(z.object({ name: z.string(), email: z.string(), roles: z.array(z.string()), decidedAt: z.iso.datetime() })),
  attestation: ZEnvelope.nullable(),
});

export const approvalRoutes = [
  defineRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}/approvals/{env}',
    summary: 'Approval status of a model version for an environment, with approvers, times, expiry and the signed attestation. Deploy only on `approved`.',
    tag: 'Approvals',
    scope: 'approvals:read',
    params: ZApprovalStatusSchema,
    response: ZApprovalStatusView,
    async handle(ctx, { params }) {
      return readApprovalStatus(ctx, params);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/environments/{env}/approved',
    summary: 'The model versions with a live (approved, unexpired, unrevoked) promotion to the environment, newest first.',
    tag: 'Approvals',
    scope: 'approvals:read',
    params: z.strictObject({ env: ZEnvironmentNameSchema }),
    response: z.object({
      approved: z.array(
        z.object({ requestId: z.uuid(), model: z.string(), version: z.number().int(), artifactSha256: z.string(), decidedAt: z.iso.datetime(), expiresAt: z.iso.datetime(), attestation: ZEnvelope }),
      ),
    }),
    async handle(ctx, { params }) {
      return { approved: await listApprovedVersions(ctx, params) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/attestations/jwks',
    summary: 'The public keys that sign approval attestations (Ed25519 JWKS); retired keys carry retiredAt and still verify older attestations.',
    tag: 'Approvals',
    scope: null,
    response: z.object({ keys: z.array(z.unknown()) }),
    async handle(ctx) {
      return loadAttestationJwks(ctx.db);
    },
  }),
];
