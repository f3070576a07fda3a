import { z } from 'zod';
import { listTokens } from '../../services/tokens';
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
];
