import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The hash-chained audit trail (DESIGN.md §6). `body` holds the exact canonical JSON bytes
 * (text, not jsonb: jsonb reorders keys and the hashes would stop matching). The other
 * columns are copies of fields inside `body`, kept for filtering. Triggers (migration
 * 0001) refuse UPDATE, DELETE and TRUNCATE, and refuse an INSERT that does not extend the head.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint({ mode: 'number' }).primaryKey(),
    body: text().notNull(),
    leafHash: text().notNull(),
    prevHash: text().notNull().unique(),
    chainHash: text().notNull().unique(),
    at: timestamp({ withTimezone: true }).notNull(),
    actorType: text().notNull(),
    actorId: text(),
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    outcome: text().notNull(),
  },
  (t) => [
    index().on(t.action, t.seq),
    index().on(t.actorId, t.seq),
    index().on(t.subjectType, t.subjectId, t.seq),
    index().on(t.at),
  ],
);

/** Signed (size, head hash, time) statements, kept outside the events table. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  size: bigint({ mode: 'number' }).notNull(),
  headHash: text().notNull(),
  signedAt: timestamp({ withTimezone: true }).notNull(),
  keyId: text().notNull(),
  /** base64 Ed25519 signature over the checkpoint's canonical JSON. */
  signature: text().notNull(),
});

/**
 * Ed25519 key pairs, by purpose. Old keys stay (retired) so earlier signatures still verify.
 * The private key lives here so that any instance can sign; deployments that have a KMS
 * should hold it there instead.
 */
export const signingKeys = pgTable('signing_keys', {
  id: text().primaryKey(),
  purpose: text({ enum: ['audit', 'attestation'] }).notNull(),
  publicKeyPem: text().notNull(),
  privateKeyPem: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp({ withTimezone: true }),
});
