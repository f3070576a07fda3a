import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { teams, users } from '@/db/schema';
import { loadUserActor } from '@/server/auth/load-actor';
import { serviceContext } from '@/server/services/context';
import { createModel, registerVersion, type TCreateModel, type TVersionMetadata } from '@/server/services/models';
import { buildClassifierModel, buildLinearRegressionModel } from '@/server/onnx/demo-models';

/** A stable fake commit per (repository, version), so demo versions differ and look real. */
const commitOf = (repository: string, version: number) => createHash('sha1').update(`${repository}@${version}`).digest('hex');

const DEMO_MODELS = [
  {
    creator: 'scientist@modelgate.local',
    team: 'Credit Risk',
    model: {
      name: 'credit-default-classifier',
      description: 'Probability that a retail credit applicant defaults within 12 months.',
      tags: ['credit', 'classification', 'retail'],
      riskTier: 'high',
    },
    build: buildClassifierModel,
    versions: 3,
    repository: 'https://git.example.com/credit-risk/default-classifier',
    metrics: (v: number) => ({ auc: 0.78 + v / 100, accuracy: 0.84 + v / 200 }),
    card: {
      intendedUse: 'Ranking credit applications for manual review by underwriters.\n\n- Retail loans up to 50,000 EUR\n- Applicants with 12+ months of history',
      limitations: 'Not validated for business loans or thin-file applicants.\n\n- Trained on 2019–2023 data only',
      ethicalConsiderations: 'Protected attributes are excluded; disparate impact is monitored quarterly.',
    },
  },
  {
    creator: 'fraud-scientist@modelgate.local',
    team: 'Fraud Detection',
    model: {
      name: 'fraud-loss-estimator',
      description: 'Expected loss of a flagged card transaction, for prioritising investigations.',
      tags: ['fraud', 'regression', 'cards'],
      riskTier: 'medium',
    },
    build: buildLinearRegressionModel,
    versions: 2,
    repository: 'https://git.example.com/fraud/loss-estimator',
    metrics: (v: number) => ({ rmse: 41.5 - v * 2.25, mae: 18.25 - v }),
    card: {
      intendedUse: 'Ordering the fraud investigation queue by expected loss.',
      limitations: 'Estimates are unreliable above 10,000 EUR per transaction.',
      ethicalConsiderations: '',
    },
  },
] as const;

/** Registers the demo models through the services, as their data scientists, with real ONNX artifacts. */
export async function seedDemoModels(db: TDb): Promise<void> {
  for (const demo of DEMO_MODELS) {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, demo.creator));
    const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, demo.team));
    const actor = await loadUserActor(db, user!.id);
    const ctx = serviceContext(db, actor!);
    const model: TCreateModel = { ...demo.model, tags: [...demo.model.tags], teamId: team!.id };
    await createModel(ctx, model);
    for (let version = 1; version <= demo.versions; version++) {
      const metadata: TVersionMetadata = {
        format: 'onnx',
        trainingCode: { repository: demo.repository, commit: commitOf(demo.repository, version) },
        predictionCode: { repository: 'https://git.example.com/platform/onnx-serving', commit: commitOf('serving', version) },
        dependencies: { 'scikit-learn': '1.5.2', skl2onnx: '1.17.0', numpy: '2.1.3' },
        lockfileSha256: createHash('sha256').update(`uv.lock ${version}`).digest('hex'),
        parameters: { solver: 'lbfgs', max_iter: 200 * version, class_weight: 'balanced' },
        metrics: demo.metrics(version),
        modelCard: demo.card,
        trainingData: [],
      };
      await registerVersion(ctx, demo.model.name, metadata, Readable.from([Buffer.from(demo.build(version))]));
    }
  }
}
