import { and, asc, eq, gt, gte, lt, lte, max, min, or, sql } from 'drizzle-orm';
import type { TDb, TDbOrTx } from '@/db/client';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import type { TActor } from '@/policies/actor';
import { AppError } from '../errors';
import { checkpointStatement, toCheckpoint, signCheckpoint, type TCheckpoint } from './checkpoints';
import { ZERO_HASH } from './hashing';
import { listPublicJwks, type TPublicJwk } from './keys';
import { keysetPaged, storedEventsBetween } from './read-log';
import { transact } from './transact';

/*
 * An auditor's export, JSON Lines (the format is specified at the top of
 * cli/verify-audit.mjs, the verifier that reads it):
 *   header → event lines in seq order (the stored canonical bytes, verbatim) → checkpoints,
 *   each checkpoint placed right after the event whose seq is its size, the last one being
 *   the checkpoint signed for this export over its final event.
 */

export const EXPORT_FORMAT = 'modelgate-audit-export';
export const EXPORT_VERSION = 1;
const PAGE = 2_000;

/** A seq range (inclusive; defaults: from the first to the current head) or a time range [from, to). */
export type TExportRange = { fromSeq?: number; toSeq?: number } | { from: Date; to: Date };

export interface TExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  fromSeq: number;
  toSeq: number;
  /** The chain hash before fromSeq: the prev_hash of the first exported event. */
  anchorHash: string;
  exportedAt: string;
  /** Every key that signed a checkpoint in the export. */
  keys: TPublicJwk[];
}

export interface TAuditExport {
  header: TExportHeader;
  checkpoint: TCheckpoint;
  /** The file, line by line (each ending in "\n"), read from the database page by page. */
  lines(): AsyncGenerator<string>;
}

/** The contiguous seq range to export; a time range covers the events stamped inside it. */
async function resolveRange(db: TDbOrTx, range: TExportRange): Promise<{ fromSeq: number; toSeq: number }> {
  const inTime = 'from' in range ? and(gte(auditEvents.at, range.from), lt(auditEvents.at, range.to)) : undefined;
  const [bounds] = await db.select({ first: min(auditEvents.seq), last: max(auditEvents.seq) }).from(auditEvents).where(inTime);
  const fromSeq = 'from' in range ? bounds?.first : Math.max(range.fromSeq ?? 1, 1);
  const toSeq = 'from' in range ? bounds?.last : Math.min(range.toSeq ?? Infinity, bounds?.last ?? 0);
  if (fromSeq == null || toSeq == null || fromSeq > toSeq) throw new AppError('invalid_input', 'No audit events in that range.');
  return { fromSeq, toSeq };
}

async function anchorOf(db: TDbOrTx, fromSeq: number): Promise<string> {
  if (fromSeq === 1) return ZERO_HASH;
  const [row] = await db.select({ prevHash: auditEvents.prevHash }).from(auditEvents).where(eq(auditEvents.seq, fromSeq));
  return row!.prevHash;
}

/** Checkpoints whose size lies in [fromSize, toSize], by (size, id). */
function checkpointsBetween(db: TDbOrTx, fromSize: number, toSize: number) {
  const c = auditCheckpoints;
  return keysetPaged<TCheckpoint>(async (last) => {
    const rows = await db
      .select()
      .from(c)
      .where(
        and(
          gte(c.size, fromSize),
          lte(c.size, toSize),
          last ? or(gt(c.size, last.size), and(eq(c.size, last.size), gt(c.id, last.id))) : undefined,
        ),
      )
      .orderBy(asc(c.size), asc(c.id))
      .limit(PAGE);
    return rows.map(toCheckpoint);
  }, PAGE);
}

export function checkpointLine(cp: TCheckpoint): string {
  return `${JSON.stringify({ checkpoint: checkpointStatement(cp), signature: cp.signature })}\n`;
}

/**
 * Starts an export: signs a checkpoint over the range's last event and records
 * `audit.exported` in the same transaction, then returns the header and a line stream.
 * The caller has authorized the actor (see server/services/audit.ts).
 */
export async function startAuditExport(db: TDb, actor: TActor, range: TExportRange): Promise<TAuditExport> {
  const { fromSeq, toSeq } = await resolveRange(db, range);
  const checkpoint = await transact(db, actor, async (tx, audit) => {
    const cp = await signCheckpoint(tx, { size: toSeq });
    audit.record({
      action: 'audit.exported',
      subject: { type: 'AuditEvent', id: null },
      data: { fromSeq, toSeq, count: toSeq - fromSeq + 1, checkpointId: cp.id },
    });
    return cp;
  });
  const keyIds = await db
    .selectDistinct({ keyId: auditCheckpoints.keyId })
    .from(auditCheckpoints)
    .where(sql`${auditCheckpoints.size} between ${fromSeq - 1} and ${toSeq}`);
  const header: TExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    fromSeq,
    toSeq,
    anchorHash: await anchorOf(db, fromSeq),
    exportedAt: new Date().toISOString(),
    keys: (await listPublicJwks(db, { ids: keyIds.map((k) => k.keyId) })).keys,
  };

  async function* lines(): AsyncGenerator<string> {
    yield `${JSON.stringify(header)}\n`;
    const checkpoints = checkpointsBetween(db, fromSeq - 1, toSeq);
    let pending = await checkpoints.next();
    async function* checkpointsAt(size: number) {
      while (!pending.done && pending.value.size === size) {
        yield checkpointLine(pending.value);
        pending = await checkpoints.next();
      }
    }
    yield* checkpointsAt(fromSeq - 1);
    for await (const e of storedEventsBetween(db, fromSeq, toSeq)) {
      yield `{"seq":${e.seq},"leaf":"${e.leafHash}","chain":"${e.chainHash}","event":${e.body}}\n`;
      yield* checkpointsAt(e.seq);
    }
  }
  return { header, checkpoint, lines };
}
