import { createHash, randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TDatabase, TDb } from '@/db/client';
import { abilityWhere } from '@/db/queries/ability-where';
import { apiTokens, users } from '@/db/schema';
import type { TActor } from '@/policies/actor';
import { SCOPE_NAMES, type TScope } from '@/policies/vocabulary';
import { recordAudit, transact } from '../audit/transact';
import { findTokenActor, toUserActor } from '../auth/load-actor';
import { tokenCacheOf } from '../auth/token-cache';
import { AppError } from '../errors';
import { authorize, type TServiceContext } from './context';

const TOKEN_PREFIX = 'mgt_';
const TOKEN_PATTERN = /^mgt_[A-Za-z0-9_-]{43}$/;
/** last_used_at is refreshed at most this often, so authenticating is not a write per request. */
const LAST_USED_GRANULARITY_MS = 60_000;

export const ZCreateTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(SCOPE_NAMES as [TScope, ...TScope[]])).min(1),
  expiresInDays: z.number().int().min(1).max(365),
  /** Admins may issue a token acting as another user; default is the caller. */
  userId: z.uuid().optional(),
});

export const ZRevokeTokenSchema = z.strictObject({ id: z.uuid(), reason: z.string().trim().max(500).optional() });

function hashSecret(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createToken(ctx: TServiceContext, input: z.infer<typeof ZCreateTokenSchema>) {
  const callerId = ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.userId : null;
  const userId = input.userId ?? callerId;
  if (!userId) throw new AppError('unauthenticated', 'Sign in to create tokens.');
  await authorize(ctx, 'create', 'ApiToken', { userId });
  const [owner] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!owner) throw new AppError('invalid_input', 'Unknown user.');
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const row = await transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        userId,
        createdBy: callerId!,
        prefix: secret.slice(0, 12),
        secretHash: hashSecret(secret),
        scopes: [...new Set(input.scopes)].sort(),
        expiresAt,
      })
      .returning();
    audit.record({
      action: 'token.created',
      subject: { type: 'ApiToken', id: created!.id },
      data: { name: input.name, userId, scopes: created!.scopes, expiresAt: expiresAt.toISOString() },
    });
    return created!;
  });
  const { secretHash: _omit, ...view } = row;
  return { ...view, secret };
}

export async function listTokens(ctx: TServiceContext) {
  if (ctx.actor.type === 'anonymous') await authorize(ctx, 'read', 'ApiToken');
  return ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      userId: apiTokens.userId,
      userEmail: users.email,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(abilityWhere(ctx.ability, 'read', 'ApiToken', { id: apiTokens.id, userId: apiTokens.userId }))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(ctx: TServiceContext, input: z.infer<typeof ZRevokeTokenSchema>) {
  const [token] = await ctx.db.select().from(apiTokens).where(eq(apiTokens.id, input.id));
  if (!token) throw new AppError('not_found', 'Token not found.');
  await authorize(ctx, 'revoke', 'ApiToken', token);
  return transact(ctx.db, ctx.actor, async (tx, audit) => {
    const [locked] = await tx.select().from(apiTokens).where(eq(apiTokens.id, input.id)).for('update');
    if (locked!.revokedAt) throw new AppError('conflict', 'The token is already revoked.');
    await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, input.id));
    audit.record({
      action: 'token.revoked',
      subject: { type: 'ApiToken', id: input.id },
      data: { name: token.name, reason: input.reason ?? null },
    });
  });
}

/**
 * Turns an `Authorization: Bearer …` header into the token's actor: its user (enabled, with its
 * roles and teams) narrowed by its scopes. A token that authenticated recently comes from the
 * process's token cache, which every change to tokens, users, roles or teams empties at commit
 * (server/auth/token-cache.ts); otherwise it is read fresh. Rejections are audited and say why.
 */
export async function authenticateBearer(database: TDatabase, header: string): Promise<TActor> {
  const { db } = database;
  const token = header.replace(/^Bearer\s+/i, '').trim();
  const reject = async (reason: 'unknown' | 'expired' | 'revoked' | 'malformed' | 'user_disabled', tokenId: string | null) => {
    await recordAudit(db, { type: 'anonymous' }, {
      action: 'token.rejected',
      subject: { type: 'ApiToken', id: tokenId },
      data: { reason, prefix: TOKEN_PATTERN.test(token) ? token.slice(0, 12) : null },
      outcome: 'denied',
    });
    const code = reason === 'expired' ? 'token_expired' : reason === 'revoked' ? 'token_revoked' : 'token_invalid';
    const message = {
      expired: 'The API token has expired.',
      revoked: 'The API token has been revoked.',
      malformed: 'The Authorization header does not hold a Modelgate token (Bearer mgt_…).',
      unknown: 'The API token is not known.',
      user_disabled: 'The API token’s user is disabled.',
    }[reason];
    throw new AppError(code, message);
  };
  if (!TOKEN_PATTERN.test(token)) return reject('malformed', null);
  const secretHash = hashSecret(token);
  const cache = await tokenCacheOf(database);
  const hit = cache?.get(secretHash);
  if (hit) {
    if (Date.now() - hit.lastUsedAt > LAST_USED_GRANULARITY_MS) hit.lastUsedAt = await touchLastUsed(db, hit.actor.tokenId);
    return hit.actor;
  }
  const generation = cache?.begin();
  // The token and its user's roles and teams in one prepared statement: pipelines call on every step.
  const row = await findTokenActor(db, secretHash);
  if (!row) return reject('unknown', null);
  if (row.revokedAt) return reject('revoked', row.id);
  if (row.expiresAt.getTime() <= Date.now()) return reject('expired', row.id);
  const user = toUserActor(row.user);
  if (!user) return reject('user_disabled', row.id);
  let lastUsedAt = row.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - lastUsedAt > LAST_USED_GRANULARITY_MS) lastUsedAt = await touchLastUsed(db, row.id);
  const actor = { ...user, type: 'token' as const, tokenId: row.id, scopes: row.scopes.filter((s): s is TScope => SCOPE_NAMES.includes(s as TScope)) };
  cache?.set(secretHash, generation!, { actor, expiresAt: row.expiresAt.getTime(), lastUsedAt });
  return actor;
}

/** Usage telemetry, not a governance change: no audit event. */
async function touchLastUsed(db: TDb, tokenId: string): Promise<number> {
  const now = new Date();
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
  return now.getTime();
}
