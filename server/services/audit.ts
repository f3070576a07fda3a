import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { abilityWhere } from '@/db/queries/ability-where';
import { apiTokens, auditEvents, users } from '@/db/schema';
import { listCheckpoints, signCheckpoint, verifyCheckpointSignature, type TCheckpoint } from '../audit/checkpoints';
import { AUDIT_ACTIONS, type TAuditRecord } from '../audit/events';
import { startAuditExport, type TAuditExport } from '../audit/export';
import { chainHash, leafHash, ZERO_HASH } from '../audit/hashing';
import { findPublicKey } from '../audit/keys';
import { storedEventsBetween } from '../audit/read-log';
import { authorize, type TServiceContext } from './context';

export const ZListAuditEventsSchema = z.strictObject({
  /** A user or token id, or a user's email (their own events and their tokens'). */
  actor: z.string().trim().min(1).max(254).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  subjectType: z.string().trim().min(1).max(100).optional(),
  subjectId: z.string().trim().min(1).max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** The nextCursor of the previous page: events with a smaller seq. */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TListAuditEvents = z.input<typeof ZListAuditEventsSchema>;

export const ZAuditExportRangeSchema = z.union([
  z.strictObject({ fromSeq: z.number().int().positive().optional(), toSeq: z.number().int().positive().optional() }),
  z
    .strictObject({ from: z.coerce.date(), to: z.coerce.date() })
    .refine((r) => r.from < r.to, { message: '`from` must be before `to`.', path: ['to'] }),
]);

export const ZListCheckpointsSchema = z.strictObject({
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export interface TAuditEventView {
  seq: number;
  chainHash: string;
  event: TAuditRecord;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Actor ids for the actor filter: the id itself, or a user's id and their tokens' ids by email. */
function actorCondition(ctx: TServiceContext, actor: string): SQL {
  if (UUID.test(actor)) return eq(auditEvents.actorId, actor.toLowerCase());
  const email = actor.toLowerCase();
  return sql`${auditEvents.actorId} in (
    select u.id::text from ${users} u where u.email = ${email}
    union all
    select t.id::text from ${apiTokens} t join ${users} u on u.id = t.user_id where u.email = ${email})`;
}

/** Events the actor may read, newest first, keyset-paged on seq. */
export async function listAuditEvents(ctx: TServiceContext, input: TListAuditEvents) {
  const q = ZListAuditEventsSchema.parse(input);
  // Every signed-in user may read their own events, so the gate is that row, not the kind.
  const selfId = ctx.actor.type === 'user' || ctx.actor.type === 'token' ? ctx.actor.userId : null;
  await authorize(ctx, 'read', 'AuditEvent', { actorId: selfId });
  const e = auditEvents;
  const rows = await ctx.db
    .select({ seq: e.seq, body: e.body, chainHash: e.chainHash })
    .from(e)
    .where(
      and(
        abilityWhere(ctx.ability, 'read', 'AuditEvent', { actorId: e.actorId }),
        q.actor ? actorCondition(ctx, q.actor) : undefined,
        q.action ? eq(e.action, q.action) : undefined,
        q.subjectType ? eq(e.subjectType, q.subjectType) : undefined,
        q.subjectId ? eq(e.subjectId, q.subjectId) : undefined,
        q.from ? gte(e.at, q.from) : undefined,
        q.to ? lt(e.at, q.to) : undefined,
        q.cursor ? lt(e.seq, q.cursor) : undefined,
      ),
    )
    .orderBy(desc(e.seq))
    .limit(q.limit);
  const items: TAuditEventView[] = rows.map((r) => ({ seq: r.seq, chainHash: r.chainHash, event: JSON.parse(r.body) as TAuditRecord }));
  return { items, nextCursor: rows.length === q.limit ? rows[rows.length - 1]!.seq : null };
}

export interface TChainVerification {
  ok: boolean;
  size: number;
  headHash: string;
  /** The first stored event that does not verify, and why. */
  problem: { seq: number; reason: string } | null;
  /** The latest checkpoint, its signature and whether it matches the stored chain. */
  checkpoint: (TCheckpoint & { signatureValid: boolean; matchesChain: boolean }) | null;
}

/**
 * Re-derives the whole stored chain page by page (the explorer's "chain verified" badge)
 * and checks the latest checkpoint's signature and head against it.
 */
export async function verifyStoredChain(ctx: TServiceContext): Promise<TChainVerification> {
  await authorize(ctx, 'read', 'AuditCheckpoint');
  const [latest] = await listCheckpoints(ctx.db, { limit: 1 });
  let size = 0;
  let prev = ZERO_HASH;
  let atCheckpoint = latest?.size === 0 ? ZERO_HASH : undefined;
  let problem: TChainVerification['problem'] = null;
  for await (const row of storedEventsBetween(ctx.db, 1, Number.MAX_SAFE_INTEGER, 5_000)) {
    const leaf = leafHash(row.body);
    const reason =
      row.seq !== size + 1 ? `seq ${row.seq} follows ${size}` :
      row.prevHash !== prev ? 'prev_hash is not the previous chain hash' :
      row.leafHash !== leaf ? 'the body does not match its leaf hash' :
      row.chainHash !== chainHash(prev, leaf) ? 'the chain hash does not follow' : null;
    if (reason) {
      problem = { seq: row.seq, reason };
      break;
    }
    size = row.seq;
    prev = row.chainHash;
    if (size === latest?.size) atCheckpoint = prev;
  }
  let checkpoint: TChainVerification['checkpoint'] = null;
  if (latest) {
    const key = await findPublicKey(ctx.db, latest.keyId);
    checkpoint = {
      ...latest,
      signatureValid: key !== undefined && verifyCheckpointSignature(latest, key),
      matchesChain: atCheckpoint === latest.headHash,
    };
  }
  const ok = problem === null && (checkpoint === null || (checkpoint.signatureValid && checkpoint.matchesChain));
  return { ok, size, headHash: prev, problem, checkpoint };
}

/** An auditor's export (see server/audit/export.ts); recorded as `audit.exported`. */
export async function exportAudit(ctx: TServiceContext, range: z.input<typeof ZAuditExportRangeSchema>): Promise<TAuditExport> {
  await authorize(ctx, 'export', 'AuditEvent');
  return startAuditExport(ctx.db, ctx.actor, ZAuditExportRangeSchema.parse(range));
}

export async function listAuditCheckpoints(ctx: TServiceContext, input: z.input<typeof ZListCheckpointsSchema>) {
  const q = ZListCheckpointsSchema.parse(input);
  await authorize(ctx, 'read', 'AuditCheckpoint');
  const items = await listCheckpoints(ctx.db, { beforeId: q.cursor, limit: q.limit });
  return { items, nextCursor: items.length === q.limit ? items[items.length - 1]!.id : null };
}

/** Signs a checkpoint of the current head on demand. */
export async function signAuditCheckpoint(ctx: TServiceContext): Promise<TCheckpoint> {
  await authorize(ctx, 'create', 'AuditCheckpoint');
  return signCheckpoint(ctx.db);
}
