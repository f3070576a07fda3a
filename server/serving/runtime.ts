import { and, eq, isNull } from 'drizzle-orm';
import type { InferenceSession } from 'onnxruntime-node';
import { driverOf, type TDatabase } from '@/db/client';
import { deployments, environments, modelVersions, promotionRequests, registeredModels } from '@/db/schema';
import { setLoadedModels } from '../monitoring/metrics';
import type { ValueSignature } from '../onnx/inspect-onnx';
import { AppError } from '../errors';
import type { TPromotionFacts } from '../services/deployments/deployability';
import type { ArtifactStore } from '../storage/artifact-store';
import { LoadRefusedError, loadVerifiedSession, type TLoadRefusal } from './load-session';
import { getPredictionRecorder, type TPredictionRecorder } from './prediction-recorder';

/** The channel the `serving_notify` trigger (migration 0012) notifies on deployment and promotion changes. */
export const SERVING_CHANNEL = 'modelgate_serving';

/** One model's current deployment in this environment, as this process serves it. */
export interface TServedVersion {
  deploymentId: string;
  modelId: string;
  model: string;
  teamId: string;
  modelVersionId: string;
  version: number;
  artifactSha256: string;
  environmentId: string;
  environment: string;
  inputs: ValueSignature[];
  outputNames: string[];
  /** The approval the deployment relies on, as last read; refreshed by notifications and the periodic re-check. */
  approval: Pick<TPromotionFacts, 'state' | 'approvalExpiresAt' | 'revokeReason' | 'artifactSha256'>;
  session: InferenceSession | null;
  /** Why the artifact is not served (a hash mismatch, a missing file); requests get this error. */
  refusal: TLoadRefusal | null;
  /** Settles (never rejects) once the session is loaded or refused. */
  ready: Promise<void>;
  loadStartedAt: number;
  inFlight: number;
  retired: boolean;
}

export interface TServingRuntimeOptions {
  store: ArtifactStore;
  /** The periodic re-check, a safety net beside LISTEN/NOTIFY (default 2 s). */
  refreshMs?: number;
  /** How long a refused load waits before it is tried again (default 30 s). */
  retryLoadMs?: number;
  /** Where load refusals and failures are reported (default console.error). */
  log?: (line: string) => void;
}

/**
 * The serving layer of one environment in this process: holds an onnxruntime session for the
 * current deployment of each model, loaded only after the artifact's bytes hash to the
 * SHA-256 the registry recorded. It follows deployments, revocations and expiries without a
 * restart: a trigger NOTIFYs at commit and the runtime re-reads the environment's deployments
 * (a periodic re-check covers missed notifications), while expiry is compared with the clock
 * on every request.
 */
export class ServingRuntime {
  readonly recorder: TPredictionRecorder;
  private readonly served = new Map<string, TServedVersion>();
  private environmentId = '';
  private refreshing: Promise<void> | null = null;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private closed = false;
  private readonly log: (line: string) => void;

  private constructor(
    readonly database: TDatabase,
    readonly environment: string,
    private readonly options: TServingRuntimeOptions,
  ) {
    this.recorder = getPredictionRecorder(database);
    this.log = options.log ?? ((line) => console.error(line));
  }

  /** Opens the environment's runtime: listens for changes, loads the current deployments, and re-checks periodically. */
  static async start(database: TDatabase, environment: string, options: TServingRuntimeOptions): Promise<ServingRuntime> {
    const runtime = new ServingRuntime(database, environment, options);
    const [row] = await database.db.select({ id: environments.id }).from(environments).where(eq(environments.name, environment));
    if (!row) throw new AppError('not_found', `No environment ${environment}.`);
    runtime.environmentId = row.id;
    await runtime.listen();
    await runtime.settled();
    runtime.timer = setInterval(() => void runtime.refresh().catch((error) => runtime.log(`[serving] re-check failed: ${(error as Error).message}`)), options.refreshMs ?? 2000);
    runtime.timer.unref();
    return runtime;
  }

  /** The current deployment of a model (by name, any case), loaded or loading; undefined when none. */
  lookup(model: string): TServedVersion | undefined {
    return this.served.get(model.toLowerCase());
  }

  /** What is served, for health checks and logs. */
  describe() {
    return [...this.served.values()].map((s) => ({
      model: s.model,
      version: s.version,
      deploymentId: s.deploymentId,
      loaded: s.session !== null,
      refusal: s.refusal?.code ?? null,
    }));
  }

  /**
   * Re-reads the environment's deployments and their approvals. Calls while one runs are folded
   * into one more run after it, and every caller's promise settles after a run that started
   * after its call.
   */
  refresh(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.refreshing) {
      this.dirty = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.dirty = false;
          await this.reload();
        } while (this.dirty && !this.closed);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** A refresh, then every load it started: what tests and start-up wait for. */
  async settled(): Promise<void> {
    await this.refresh();
    await Promise.all([...this.served.values()].map((s) => s.ready));
  }

  /** Marks a request on a served version, so its session is not released under it. */
  acquire(entry: TServedVersion): () => void {
    entry.inFlight++;
    return () => {
      entry.inFlight--;
      if (entry.retired && entry.inFlight === 0) this.release(entry);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.().catch(() => {});
    await this.refreshing?.catch(() => {});
    for (const entry of this.served.values()) this.retire(entry);
    this.served.clear();
  }

  private async listen(): Promise<void> {
    const driver = driverOf(this.database);
    const onNotify = (payload: string) => {
      let environmentId: unknown;
      try {
        environmentId = (JSON.parse(payload) as { environmentId?: unknown }).environmentId;
      } catch {
        environmentId = undefined;
      }
      if (environmentId === undefined || environmentId === this.environmentId) void this.refresh().catch((error) => this.log(`[serving] refresh failed: ${(error as Error).message}`));
    };
    if (driver.kind === 'postgres') {
      // postgres-js listens on a connection of its own and calls onlisten again after a reconnect: re-read then.
      const request = await driver.client.listen(SERVING_CHANNEL, onNotify, () => void this.refresh().catch(() => {}));
      this.unlisten = () => request.unlisten();
    } else {
      this.unlisten = await driver.client.listen(SERVING_CHANNEL, onNotify);
    }
  }

  private async reload(): Promise<void> {
    const rows = await this.database.db
      .select({
        deploymentId: deployments.id,
        modelId: deployments.modelId,
        model: registeredModels.name,
        teamId: registeredModels.teamId,
        modelVersionId: deployments.modelVersionId,
        version: modelVersions.version,
        artifactSha256: modelVersions.artifactSha256,
        signature: modelVersions.signature,
        state: promotionRequests.state,
        approvalExpiresAt: promotionRequests.approvalExpiresAt,
        revokeReason: promotionRequests.revokeReason,
        approvedSha256: promotionRequests.artifactSha256,
      })
      .from(deployments)
      .innerJoin(registeredModels, eq(registeredModels.id, deployments.modelId))
      .innerJoin(modelVersions, eq(modelVersions.id, deployments.modelVersionId))
      .innerJoin(promotionRequests, eq(promotionRequests.id, deployments.promotionRequestId))
      .where(and(eq(deployments.environmentId, this.environmentId), isNull(deployments.supersededAt)));
    if (this.closed) return;
    const current = new Set<string>();
    const now = Date.now();
    for (const row of rows) {
      const key = row.model.toLowerCase();
      current.add(key);
      const approval = { state: row.state, approvalExpiresAt: row.approvalExpiresAt, revokeReason: row.revokeReason, artifactSha256: row.approvedSha256 };
      const existing = this.served.get(key);
      if (existing?.deploymentId === row.deploymentId) {
        existing.approval = approval;
        const retry = existing.refusal !== null && now - existing.loadStartedAt >= (this.options.retryLoadMs ?? 30_000);
        if (!retry) continue;
      }
      this.install({
        deploymentId: row.deploymentId,
        modelId: row.modelId,
        model: row.model,
        teamId: row.teamId,
        modelVersionId: row.modelVersionId,
        version: row.version,
        artifactSha256: row.artifactSha256,
        environmentId: this.environmentId,
        environment: this.environment,
        inputs: row.signature?.inputs ?? [],
        outputNames: (row.signature?.outputs ?? []).map((o) => o.name),
        approval,
      });
    }
    for (const [key, entry] of this.served) {
      if (current.has(key)) continue;
      this.served.delete(key);
      this.retire(entry);
    }
    setLoadedModels(this.environment, this.served.size);
  }

  /** Starts loading a deployment and serves it from now on (requests wait for the load); the previous entry is retired. */
  private install(facts: Omit<TServedVersion, 'session' | 'refusal' | 'ready' | 'loadStartedAt' | 'inFlight' | 'retired'>): void {
    const entry: TServedVersion = { ...facts, session: null, refusal: null, ready: Promise.resolve(), loadStartedAt: Date.now(), inFlight: 0, retired: false };
    const label = `${facts.model} version ${facts.version} (${this.environment})`;
    entry.ready = loadVerifiedSession(this.options.store, facts.artifactSha256, label).then(
      (session) => {
        entry.session = session;
        if (entry.retired && entry.inFlight === 0) this.release(entry);
      },
      (error: unknown) => {
        entry.refusal = error instanceof LoadRefusedError ? error.refusal : { code: 'serving_unavailable', message: `${label} could not be loaded: ${(error as Error).message}` };
        this.log(`[serving] refused to load ${label}, deployment ${facts.deploymentId}: ${entry.refusal.code}: ${entry.refusal.message}`);
      },
    );
    const previous = this.served.get(facts.model.toLowerCase());
    this.served.set(facts.model.toLowerCase(), entry);
    if (previous) this.retire(previous);
  }

  private retire(entry: TServedVersion): void {
    entry.retired = true;
    if (entry.inFlight === 0) this.release(entry);
  }

  private release(entry: TServedVersion): void {
    const session = entry.session;
    entry.session = null;
    if (session) void session.release().catch(() => {});
  }
}
