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

/** The columns every read of stored predictions returns (besides input and output, which readers want as JSON or text). */
export const predictionColumns = {
  requestId: predictions.requestId,
  at: predictionTimeText,
  deploymentId: predictions.deploymentId,
  environmentId: predictions.environmentId,
  callerUserId: predictions.callerUserId,
  callerTokenId: predictions.callerTokenId,
  latencyMs: predictions.latencyMs,
};

/**
 * One version's predictions in [from, to), past a keyset position on (created_at, request_id):
 * 'older' pages newest first, 'newer' pages oldest first.
 */
export function predictionPageWhere(versionId: string, range: { from?: Date; to?: Date }, after: { at: string; requestId: string } | undefined, direction: 'older' | 'newer') {
  const p = predictions;
  const position = sql`(${p.createdAt}, ${p.requestId})`;
  const cursor = after && sql`(${after.at}::timestamptz, ${after.requestId}::uuid)`;
  return and(
    eq(p.modelVersionId, versionId),
    range.from ? gte(p.createdAt, range.from) : undefined,
    range.to ? lt(p.createdAt, range.to) : undefined,
    cursor ? (direction === 'older' ? sql`${position} < ${cursor}` : sql`${position} > ${cursor}`) : undefined,
  );
}

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
    .select({ ...predictionColumns, createdAt: p.createdAt, input: p.input, output: p.output })
    .from(p)
    .where(predictionPageWhere(version.id, { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }, after, 'older'))
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
