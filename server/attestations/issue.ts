import type { TDsseEnvelope } from '@/cli/verify-attestation.mjs';
import type { TDbOrTx } from '@/db/client';
import { getActiveSigningKey } from '@/server/audit/keys';
import { signStatement } from './sign';
import { buildPromotionStatement, type TPromotionAttestationFacts } from './statement';

/** Signs an approval's attestation with the active attestation key (created on first use). */
export async function issuePromotionAttestation(db: TDbOrTx, facts: TPromotionAttestationFacts): Promise<TDsseEnvelope> {
  const key = await getActiveSigningKey(db, 'attestation');
  return signStatement(buildPromotionStatement(facts), [key]);
}
