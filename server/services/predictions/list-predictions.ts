import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { environments, predictions, users } from '@/db/schema';
import type { TServiceContext } from '../context';
import { decodePredictionCursor, encodePredictionCursor } from './cursor';
import { authorizePredictionsOf } from './find-version';
import { parsePredictionInput, ZListPredictionsSchema, type TListPredictions } from './schemas';

/** A stored prediction as the portal and the API show it. */
export interface TPredictionView {
  requestId: string;
  createdAt: Date;
  deploymentId: string;
  environmentId: string;
  environmentName: string | null;
  callerUserId: string | null;
  callerEmail: string | null;
  callerTokenId: string | null;
  latencyMs: number;
  input: unknown;
  output: unknown;
}

/** created_at as UTC text with the database's microseconds (a JS Date keeps milliseconds only). */
export const predictionTimeText = sql<string>`to_char(${predictions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * One version's predictions in [from, to), newest first, one keyset page at a time on
 * (created_at, request_id): the primary key (model_version_id, created_at, request_id) of each
 * day partition serves the range and the order, and only the partitions of the range are read.
 */
export async function listPredictions(
  ctx: TServiceContext,
  input: TListPredictions | Record<string, unknown>,
): Promise<{ items: TPredictionView[]; nextCursor: string | null }> {
  const q = parsePredictionInput(ZListPredictionsSchema, input);
  const version = await authorizePredictionsOf(ctx, q, 'read');
  const after = q.cursor ? decodePredictionCursor(q.cursor) : undefined;
  const p = predictions;
  const rows = await ctx.db
    .select({
      requestId: p.requestId,
      createdAt: p.createdAt,
      at: predictionTimeText,
      deploymentId: p.deploymentId,
      environmentId: p.environmentId,
      callerUserId: p.callerUserId,
      callerTokenId: p.callerTokenId,
      latencyMs: p.latencyMs,
      input: p.input,
      output: p.output,
    })
    .from(p)
    .where(
      and(
        eq(p.modelVersionId, version.id),
        q.from ? gte(p.createdAt, new Date(q.from)) : undefined,
        q.to ? lt(p.createdAt, new Date(q.to)) : undefined,
        after ? sql`(${p.createdAt}, ${p.requestId}) < (${after.at}::timestamptz, ${after.requestId}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(p.createdAt), desc(p.requestId))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const names = await namesOf(ctx, page);
  const last = page.at(-1);
  return {
    items: page.map(({ at: _at, ...row }) => ({
      ...row,
      environmentName: names.environments.get(row.environmentId) ?? null,
      callerEmail: row.callerUserId ? (names.users.get(row.callerUserId) ?? null) : null,
    })),
    nextCursor: rows.length > q.limit && last ? encodePredictionCursor({ at: last.at, requestId: last.requestId }) : null,
  };
}

/** Environment names and caller emails of a page, looked up once rather than joined per row. */
async function namesOf(ctx: TServiceContext, rows: { environmentId: string; callerUserId: string | null }[]) {
  const envIds = [...new Set(rows.map((r) => r.environmentId))];
  const userIds = [...new Set(rows.flatMap((r) => (r.callerUserId ? [r.callerUserId] : [])))];
  const envRows = envIds.length ? await ctx.db.select({ id: environments.id, name: environments.name }).from(environments).where(inArray(environments.id, envIds)) : [];
  const userRows = userIds.length ? await ctx.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, userIds)) : [];
  return {
    environments: new Map(envRows.map((e) => [e.id, e.name])),
    users: new Map(userRows.map((u) => [u.id, u.email])),
  };
}
