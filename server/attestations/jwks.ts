import { asc, eq } from 'drizzle-orm';
import type { TAttestationJwk } from '@/cli/verify-attestation.mjs';
import type { TDbOrTx } from '@/db/client';
import { signingKeys } from '@/db/schema';
import { publicJwkOf } from '@/server/audit/keys';

export interface TPublicKeyRecord {
  publicKeyPem: string;
  retiredAt: Date | null;
}

/**
 * The attestation JWKS: every key ever used, oldest first. Rotated-out keys stay, marked with
 * retiredAt, so attestations they signed before rotating keep verifying.
 */
export function toAttestationJwks(records: TPublicKeyRecord[]): { keys: TAttestationJwk[] } {
  return {
    keys: records.map(({ publicKeyPem, retiredAt }) => ({
      ...publicJwkOf(publicKeyPem),
      ...(retiredAt ? { retiredAt: retiredAt.toISOString() } : {}),
    })),
  };
}

/** The JWKS served to pipelines, from the signing_keys table (keys made by server/audit/keys.ts). */
export async function loadAttestationJwks(db: TDbOrTx): Promise<{ keys: TAttestationJwk[] }> {
  const rows = await db
    .select({ publicKeyPem: signingKeys.publicKeyPem, retiredAt: signingKeys.retiredAt })
    .from(signingKeys)
    .where(eq(signingKeys.purpose, 'attestation'))
    .orderBy(asc(signingKeys.createdAt), asc(signingKeys.id));
  return toAttestationJwks(rows);
}
