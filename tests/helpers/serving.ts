import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { dispatchRest } from '@/server/rest/dispatch';
import { buildClassifierModel, buildLinearRegressionModel, classifierWeights, linearRegressionWeights } from '@/server/onnx/demo-models';
import type { TServiceContext } from '@/server/services/context';
import { createModel, registerVersion, ZVersionMetadataSchema } from '@/server/services/models';
import { requestPromotion, reviewPromotion, revokePromotion } from '@/server/services/promotions';
import { createToken } from '@/server/services/tokens';
import type { TScope } from '@/policies/vocabulary';
import { openAppDatabase } from './app-database';
import { versionMetadata } from './catalog';
import { createPerson, createTeam, createTrainedVersion } from './governance';

/**
 * A team with a scientist (registers and requests), an ML engineer (reviews, deploys) and a
 * governance officer, and helpers to register real demo ONNX models and get them approved
 * through the services. Artifacts go to the runtime artifact store (MODELGATE_DATA_DIR).
 */
export async function createServingFixture(db: TDb) {
  const teamId = await createTeam(db);
  const scientist = await createPerson(db, teamId, ['data_scientist'], 'scientist');
  const engineer = await createPerson(db, teamId, ['ml_engineer'], 'engineer');
  const officer = await createPerson(db, teamId, ['governance_officer'], 'officer');

  /** A model whose versions 1…n are the demo classifier (or regression) with weights `firstWeights`, `firstWeights + 1`, …. */
  async function registerModel(name: string, versions: number, kind: 'classifier' | 'regression' = 'classifier', firstWeights = 1) {
    await createModel(scientist, { name, teamId, riskTier: 'low', description: '', tags: [] });
    const build = kind === 'classifier' ? buildClassifierModel : buildLinearRegressionModel;
    for (let v = 1; v <= versions; v++) {
      const metadata = ZVersionMetadataSchema.parse(
        versionMetadata({ modelCard: { intendedUse: 'Serving tests.', limitations: 'Tests only.', ethicalConsiderations: 'None: synthetic.' } }),
      );
      await registerVersion(scientist, name, metadata, Readable.from([Buffer.from(build(firstWeights + v - 1))]));
    }
  }

  /** Requests the promotion and approves it as the environment's default policy needs (staging: engineer; production: engineer and officer). */
  async function approve(name: string, version: number, environment: 'staging' | 'production' = 'staging') {
    const request = await requestPromotion(scientist, { name, version, environment, justification: '' });
    await reviewPromotion(engineer, { id: request.id, decision: 'approve', comment: '' });
    if (environment === 'production') await reviewPromotion(officer, { id: request.id, decision: 'approve', comment: '' });
    return request.id;
  }

  const revoke = (id: string, reason = 'serving test') => revokePromotion(officer, { id, reason });

  /** Moves an approval's expiry (the trigger tells serving processes, as for any change). */
  async function expireAt(requestId: string, at: Date) {
    await db.execute(sql`update promotion_requests set approval_expires_at = ${at.toISOString()}::timestamptz where id = ${requestId}`);
  }

  async function tokenFor(who: TServiceContext, scopes: TScope[]) {
    return (await createToken(who, { name: `serving ${scopes.join(' ')}`, scopes, expiresInDays: 1 })).secret;
  }

  return { teamId, scientist, engineer, officer, registerModel, approve, revoke, expireAt, tokenFor };
}

/** The demo classifier's answer computed here: logits = x·W + b, softmax, argmax (float64; compare with a tolerance). */
export function expectedClassifier(version: number, rows: number[][]) {
  const { weights, bias } = classifierWeights(version);
  return rows.map((x) => {
    const logits = bias.map((b, j) => x.reduce((sum, xi, i) => sum + xi * weights[i]![j]!, b));
    const max = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(l - max));
    const total = exps.reduce((a, b) => a + b, 0);
    const probability = exps.map((e) => e / total);
    return { logits, probability, label: probability[1]! > probability[0]! ? 1 : 0 };
  });
}

/** The demo regression's answer: exact, since inputs and weights are multiples of 1/16. */
export function expectedRegression(version: number, rows: number[][]) {
  const { weights, bias } = linearRegressionWeights(version);
  return rows.map((x) => x.reduce((sum, xi, i) => sum + xi * weights[i]![0]!, bias[0]!));
}

/** The process database the REST dispatcher and the portal's serving runtime use: fresh, without demo data. */
export const openServingDatabase = () => openAppDatabase({ demo: false });

/** Calls a REST v1 route through the dispatcher, as app/api/v1 does; JSON in and out. */
export async function callRest(method: string, path: string, opts: { token?: string; body?: unknown; rawBody?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const payload = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const req = new Request(`http://test/api/v1${path}`, { method, headers, body: payload });
  const res = await dispatchRest(req, path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent));
  const body = (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } };
  return { status: res.status, body };
}

/** Models in `teamId` with version 1 approved for staging (by the engineer), ready to deploy: for the authorization table. */
export async function createDeployableVersions(db: TDb, who: { teamId: string; scientist: TServiceContext; engineer: TServiceContext; owner: TServiceContext }, count: number) {
  const userIdOf = (ctx: TServiceContext) => (ctx.actor as { userId: string }).userId;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const { model } = await createTrainedVersion(db, { teamId: who.teamId, creatorId: userIdOf(who.scientist), ownerId: userIdOf(who.owner) });
    const request = await requestPromotion(who.scientist, { name: model.name, version: 1, environment: 'staging', justification: '' });
    await reviewPromotion(who.engineer, { id: request.id, decision: 'approve', comment: '' });
    names.push(model.name);
  }
  return names;
}

/** The REST dispatcher on loopback with request bodies passed through (what `next start` does for app/api/v1), for CLI tests. */
export async function startRestServerWithBodies(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
    const response = await dispatchRest(request, url.pathname.replace(/^\/api\/v1\//, '').split('/').map(decodeURIComponent));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
