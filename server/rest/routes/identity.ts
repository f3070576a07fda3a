import { z } from 'zod';
import { ROLES } from '@/policies/vocabulary';
import { listTokens, revokeToken, ZRevokeTokenSchema } from '../../services/tokens';
import { createUser, listUsers, ZCreateUserSchema } from '../../services/users';
import { defineRoute } from '../define-route';

const ZTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  userId: z.uuid(),
  userEmail: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

const ZUserView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  disabled: z.boolean(),
  roles: z.array(z.enum(ROLES)),
  teamIds: z.array(z.uuid()),
  createdAt: z.iso.datetime(),
});

export const identityRoutes = [
  defineRoute({
    method: 'GET',
    path: '/me',
    summary: 'The token presented: its user, roles, teams, scopes and expiry.',
    tag: 'Identity',
    scope: 'tokens:read',
    response: z.object({
      userId: z.uuid(),
      email: z.string(),
      roles: z.array(z.string()),
      teamIds: z.array(z.uuid()),
      tokenId: z.uuid(),
      scopes: z.array(z.string()),
    }),
    async handle({ actor }) {
      if (actor.type !== 'token') throw new Error('unreachable: /me is token-only');
      const { userId, email, roles, teamIds, tokenId, scopes } = actor;
      return { userId, email, roles, teamIds, tokenId, scopes };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/tokens',
    summary: 'API tokens the caller may see (its own; all for admins). Secrets are never returned.',
    tag: 'Identity',
    scope: 'tokens:read',
    response: z.object({ tokens: z.array(ZTokenView) }),
    async handle(ctx) {
      return { tokens: await listTokens(ctx) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/tokens/{id}/revoke',
    summary: 'Revoke a token (the caller’s own; any for admins). A pipeline can revoke itself when a secret leaks.',
    tag: 'Identity',
    scope: 'tokens:write',
    params: z.strictObject({ id: z.uuid() }),
    body: ZRevokeTokenSchema.omit({ id: true }),
    response: z.object({ revoked: z.literal(true) }),
    async handle(ctx, { params, body }) {
      await revokeToken(ctx, { id: params.id, reason: body.reason });
      return { revoked: true };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/users',
    summary: 'Users the caller may see, with roles and teams.',
    tag: 'Identity',
    scope: 'users:read',
    response: z.object({ users: z.array(ZUserView) }),
    async handle(ctx) {
      return { users: await listUsers(ctx) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/users',
    summary: 'Provision a user with roles and teams (admins).',
    tag: 'Identity',
    scope: 'users:write',
    body: ZCreateUserSchema,
    successStatus: 201,
    response: ZUserView,
    async handle(ctx, { body }) {
      return createUser(ctx, body);
    },
  }),
];
