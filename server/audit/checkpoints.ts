import { verify, type KeyObject } from 'node:crypto';
import { and, desc, eq, lt, max } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import { env } from '../env';
import { canonicalJson } from './canonical-json';
import { ZERO_HASH } from './hashing';
import { getActiveSigningKey, signBytes } from './keys';

/*
 * A checkpoint is a signed statement "the log had `size` events and head `headHash`", made
 * on a schedule and at every export. Checkpoints are kept in their own table and are NOT
 * audit events: an event would move the head the checkpoint attests, so it could never
 * attest the log it is part of.
 */

export const CHECKPOINT_VERSION = 1;

export interface TCheckpoint {
  id: number;
  size: number;
  headHash: string;
  /** ISO-8601 with milliseconds, exactly as signed. */
  signedAt: string;
  keyId: string;
  signature: string;
}

/** The exact bytes that are signed: canonical JSON of {v, size, headHash, signedAt, keyId}. */
export function checkpointStatement(cp: Pick<TCheckpoint, 'size' | 'headHash' | 'signedAt' | 'keyId'>): string {
  return canonicalJson({ v: CHECKPOINT_VERSION, size: cp.size, headHash: cp.headHash, signedAt: cp.signedAt, keyId: cp.keyId });
}

export function verifyCheckpointSignature(cp: TCheckpoint, publicKey: KeyObject): boolean {
  return verify(null, Buffer.from(checkpointStatement(cp)), publicKey, Buffer.from(cp.signature, 'base64'));
}

export function toCheckpoint(row: typeof auditCheckpoints.$inferSelect): TCheckpoint {
  return { ...row, signedAt: row.signedAt.toISOString() };
}

/** The chain hash after `size` events (the zero hash for an empty log), or the current head. */
async function headAt(db: TDbOrTx, size?: number): Promise<{ size: number; headHash: string }> {
  if (size === 0) return { size: 0, headHash: ZERO_HASH };
  const [row] = await db
    .select({ seq: auditEvents.seq, chainHash: auditEvents.chainHash })
    .from(auditEvents)
    .where(size === undefined ? undefined : eq(auditEvents.seq, size))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  if (!row && size !== undefined) throw new Error(`the audit log has no event ${size}`);
  return row ? { size: row.seq, headHash: row.chainHash } : { size: 0, headHash: ZERO_HASH };
}

/**
 * Signs a checkpoint of the committed head, or of the prefix of `size` events (an export
 * signs the end of its range), and stores it.
 */
export async function signCheckpoint(db: TDbOrTx, opts: { size?: number } = {}): Promise<TCheckpoint> {
  const key = await getActiveSigningKey(db, 'audit');
  const head = await headAt(db, opts.size);
  // Milliseconds: what a timestamptz and a JS Date both keep, so the stored value re-signs identically.
  const unsigned = { ...head, signedAt: new Date().toISOString(), keyId: key.id };
  const [row] = await db
    .insert(auditCheckpoints)
    .values({ ...unsigned, signedAt: new Date(unsigned.signedAt), signature: signBytes(key, checkpointStatement(unsigned)) })
    .returning();
  return toCheckpoint(row!);
}

/** Signs only when the head moved past every stored checkpoint. */
export async function signCheckpointIfHeadMoved(db: TDbOrTx): Promise<TCheckpoint | null> {
  const [[latest], head] = await Promise.all([
    db.select({ size: max(auditCheckpoints.size) }).from(auditCheckpoints),
    headAt(db),
  ]);
  if (head.size === 0 || head.size <= (latest?.size ?? 0)) return null;
  return signCheckpoint(db);
}

/**
 * Signs checkpoints every MODELGATE_CHECKPOINT_EVERY_MS while the head moves. Returns a
 * stop function. A failed round is reported, not swallowed, and the next round retries.
 */
export function scheduleCheckpoints(
  db: TDbOrTx,
  opts: { everyMs?: number; onError?: (error: unknown) => void } = {},
): () => void {
  const onError = opts.onError ?? ((error) => console.error('audit checkpoint failed', error));
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    signCheckpointIfHeadMoved(db)
      .catch(onError)
      .finally(() => (running = false));
  }, opts.everyMs ?? env().MODELGATE_CHECKPOINT_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Newest first, keyset-paged on id. */
export async function listCheckpoints(db: TDbOrTx, opts: { beforeId?: number; limit: number }): Promise<TCheckpoint[]> {
  const rows = await db
    .select()
    .from(auditCheckpoints)
    .where(and(opts.beforeId === undefined ? undefined : lt(auditCheckpoints.id, opts.beforeId)))
    .orderBy(desc(auditCheckpoints.id))
    .limit(opts.limit);
  return rows.map(toCheckpoint);
}
