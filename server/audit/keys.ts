import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { signingKeys } from '@/db/schema';
import type { TActor } from '@/policies/actor';
import { appendAuditEvents } from './append';

export type TKeyPurpose = (typeof signingKeys.$inferSelect)['purpose'];

export interface TSigningKey {
  id: string;
  purpose: TKeyPurpose;
  publicKeyPem: string;
  privateKey: KeyObject;
}

/** A public key as a JWK (RFC 8037: OKP / Ed25519, `x` = base64url of the raw 32 bytes). */
export interface TPublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

const KEY_MAKER: TActor = { type: 'system', job: 'signing-keys' };
// Two-int advisory lock (namespace, purpose): a different lock space from the audit append lock.
const KEYS_LOCK_NAMESPACE = 7_239_412;
const PURPOSE_LOCK: Record<TKeyPurpose, number> = { audit: 1, attestation: 2 };

/** kid = first 16 hex of SHA-256 over the raw public key; the verifier re-derives it. */
export function keyIdOf(publicKey: KeyObject): string {
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

export function publicJwkOf(publicKeyPem: string): TPublicJwk {
  const key = createPublicKey(publicKeyPem);
  return { kty: 'OKP', crv: 'Ed25519', x: key.export({ format: 'jwk' }).x!, kid: keyIdOf(key), use: 'sig', alg: 'EdDSA' };
}

/** Ed25519 signature over the exact bytes, base64. */
export function signBytes(key: TSigningKey, bytes: string): string {
  return sign(null, Buffer.from(bytes, 'utf8'), key.privateKey).toString('base64');
}

function toSigningKey(row: typeof signingKeys.$inferSelect): TSigningKey {
  return { id: row.id, purpose: row.purpose, publicKeyPem: row.publicKeyPem, privateKey: createPrivateKey(row.privateKeyPem) };
}

/**
 * Creates a key under the purpose's lock (the caller holds it) and records the change.
 * Key ids are content-derived, so a collision would be the same key.
 */
async function createKey(tx: TDbOrTx, actor: TActor, purpose: TKeyPurpose, replaces: string | null) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const [row] = await tx
    .insert(signingKeys)
    .values({
      id: keyIdOf(publicKey),
      purpose,
      publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    })
    .returning();
  await appendAuditEvents(tx, actor, [
    { action: 'signing_key.created', subject: { type: 'SigningKey', id: row!.id }, data: { purpose, keyId: row!.id, replaces } },
  ]);
  return toSigningKey(row!);
}

async function lockPurpose(tx: TDbOrTx, purpose: TKeyPurpose) {
  await tx.execute(sql`select pg_advisory_xact_lock(${KEYS_LOCK_NAMESPACE}, ${PURPOSE_LOCK[purpose]})`);
}

async function findActive(tx: TDbOrTx, purpose: TKeyPurpose) {
  const [row] = await tx
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.purpose, purpose), isNull(signingKeys.retiredAt)));
  return row ? toSigningKey(row) : undefined;
}

/**
 * The active key for a purpose, created on first use. Instances starting together serialise
 * on an advisory lock per purpose, so exactly one key ends up active. The fast path reads
 * without the lock.
 */
export async function getActiveSigningKey(db: TDbOrTx, purpose: TKeyPurpose): Promise<TSigningKey> {
  const existing = await findActive(db, purpose);
  if (existing) return existing;
  return db.transaction(async (tx) => {
    await lockPurpose(tx, purpose);
    return (await findActive(tx, purpose)) ?? createKey(tx, KEY_MAKER, purpose, null);
  });
}

/** Retires the active key (kept, so its signatures still verify) and creates its successor. */
export async function rotateSigningKey(db: TDbOrTx, actor: TActor, purpose: TKeyPurpose): Promise<TSigningKey> {
  return db.transaction(async (tx) => {
    await lockPurpose(tx, purpose);
    const old = await findActive(tx, purpose);
    if (old) await tx.update(signingKeys).set({ retiredAt: new Date() }).where(eq(signingKeys.id, old.id));
    return createKey(tx, actor, purpose, old?.id ?? null);
  });
}

/** Public keys as a JWKS, oldest first: all of a purpose's keys, or the given ids. */
export async function listPublicJwks(db: TDbOrTx, which: { purpose: TKeyPurpose } | { ids: string[] }): Promise<{ keys: TPublicJwk[] }> {
  if ('ids' in which && which.ids.length === 0) return { keys: [] };
  const rows = await db
    .select({ publicKeyPem: signingKeys.publicKeyPem })
    .from(signingKeys)
    .where('ids' in which ? inArray(signingKeys.id, which.ids) : eq(signingKeys.purpose, which.purpose))
    .orderBy(asc(signingKeys.createdAt), asc(signingKeys.id));
  return { keys: rows.map((r) => publicJwkOf(r.publicKeyPem)) };
}

/** The public key with this id, for server-side verification (retired keys included). */
export async function findPublicKey(db: TDbOrTx, id: string): Promise<KeyObject | undefined> {
  const [row] = await db.select({ pem: signingKeys.publicKeyPem }).from(signingKeys).where(eq(signingKeys.id, id));
  return row ? createPublicKey(row.pem) : undefined;
}
