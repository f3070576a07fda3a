import { PROMOTION_PREDICATE_TYPE, STATEMENT_TYPE, type TStatement } from '@/cli/verify-attestation.mjs';

/** What an approved promotion request knows at the moment it is approved. */
export interface TPromotionAttestationFacts {
  requestId: string;
  /** The artifact's file name, e.g. "fraud-scorer-3.onnx", and its content hash. */
  artifact: { name: string; sha256: string };
  model: string;
  version: number;
  environment: string;
  policy: { id: string; version: number };
  approvers: { name: string; email: string; roles: string[]; decidedAt: Date }[];
  decidedAt: Date;
  expiresAt: Date;
  trainingCodeHash: string;
  predictionCodeHash: string;
}

/** The in-toto Statement v1 of an approval (format: cli/verify-attestation.mjs). */
export function buildPromotionStatement(facts: TPromotionAttestationFacts): TStatement {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: facts.artifact.name, digest: { sha256: facts.artifact.sha256 } }],
    predicateType: PROMOTION_PREDICATE_TYPE,
    predicate: {
      requestId: facts.requestId,
      model: facts.model,
      version: facts.version,
      environment: facts.environment,
      policy: { id: facts.policy.id, version: facts.policy.version },
      approvers: facts.approvers.map((a) => ({ name: a.name, email: a.email, roles: a.roles, decidedAt: a.decidedAt.toISOString() })),
      decidedAt: facts.decidedAt.toISOString(),
      expiresAt: facts.expiresAt.toISOString(),
      code: { training: facts.trainingCodeHash, prediction: facts.predictionCodeHash },
    },
  };
}
