import { sign, type KeyObject } from 'node:crypto';
import { PAYLOAD_TYPE, pae, type TDsseEnvelope, type TStatement } from '@/cli/verify-attestation.mjs';

/** A private key and its key id; server/audit/keys.ts's TSigningKey fits. */
export interface TAttestationSigner {
  id: string;
  privateKey: KeyObject;
}

/** A DSSE envelope over the exact payload bytes, one Ed25519 signature per signer. */
export function signDsse(payloadType: string, payload: Buffer, signers: TAttestationSigner[]): TDsseEnvelope {
  const message = pae(payloadType, payload);
  return {
    payloadType,
    payload: payload.toString('base64'),
    signatures: signers.map((s) => ({ keyid: s.id, sig: sign(null, message, s.privateKey).toString('base64') })),
  };
}

export function signStatement(statement: TStatement, signers: TAttestationSigner[]): TDsseEnvelope {
  return signDsse(PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), 'utf8'), signers);
}
