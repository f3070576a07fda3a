import { driverOf, type TDatabase } from '@/db/client';
import { env } from '../env';

/** One answered prediction, as the serving layer hands it over before answering. */
export interface TPredictionRecord {
  /** A UUID (the serving layer generates it; it is also the answer's request id). */
  requestId: string;
  modelVersionId: string;
  deploymentId: string;
  environmentId: string;
  callerUserId: string | null;
  callerTokenId: string | null;
  /** Any JSON value; stored as jsonb (NaN and ±Infinity become null, as in the JSON answer). */
  input: unknown;
  output: unknown;
  latencyMs: number;
  createdAt: Date;
}

export interface TPredictionRecorder {
  /** Resolves once the row is committed; rejects when it is not (the caller then fails the request). */
  record(r: TPredictionRecord): Promise<void>;
  /** Flushes what is pending; later record() calls reject. */
  close(): Promise<void>;
}

/** Counters for tests and the bench: how many rows went in how many transactions. */
export interface TPredictionRecorderStats {
  batches: number;
  rows: number;
  failedBatches: number;
  largestBatch: number;
}

export interface TPredictionRecorderOptions {
  /** Rows per INSERT at most. */
  maxBatchRows: number;
  /** Serialized JSON per INSERT at most (a single larger row still goes, alone). */
  maxBatchBytes: number;
  /** Batches committing at once (each on its own connection; PGlite has one). */
  maxInFlight: number;
}

const defaults = (kind: TDatabase['kind']): TPredictionRecorderOptions => ({
  maxBatchRows: 1000,
  maxBatchBytes: 4 * 1024 * 1024,
  maxInFlight: kind === 'postgres' ? env().MODELGATE_RECORDER_IN_FLIGHT : 1,
});

/** A queue is split across free connections only into batches at least this large (else one batch takes it all). */
const MIN_SPLIT_ROWS = 64;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// jsonb refuses \u0000 and unpaired surrogates. JSON.stringify writes a \uXXXX escape (an odd
// run of backslashes) only for control characters and lone surrogates, never for a valid pair.
// One such value must fail its own call, not the batch it would share with others.
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

interface TPending {
  json: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: a record arriving while no batch is being written starts one on the next
 * turn of the event loop (so everything recorded in the same turn shares it); records
 * arriving while batches are committing wait for the next one. Under load the batches grow
 * by themselves and the cost of a commit (and its WAL flush) is shared; with no load a record
 * waits for nothing but its own commit. Each batch is one multi-row INSERT, a single
 * statement and so a single transaction: all its rows commit, or none and every caller of
 * the batch is rejected.
 */
class GroupCommitRecorder implements TPredictionRecorder {
  readonly stats: TPredictionRecorderStats = { batches: 0, rows: 0, failedBatches: 0, largestBatch: 0 };
  private queue: TPending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private closed = false;
  private drained: (() => void)[] = [];

  constructor(
    private readonly database: TDatabase,
    private readonly options: TPredictionRecorderOptions,
    private readonly onClose: () => void,
  ) {}

  record(r: TPredictionRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The prediction recorder is closed.'));
    let json: string;
    try {
      json = serializeRecord(r);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ json, resolve, reject });
      this.schedule();
    });
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.onClose();
    }
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startBatch();
    });
  }

  private startBatch(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      // A long queue is shared among the free connections, so several backends insert at once.
      const free = this.options.maxInFlight - this.inFlight;
      const share = this.queue.length >= free * MIN_SPLIT_ROWS ? Math.ceil(this.queue.length / free) : this.queue.length;
      const batch = this.takeBatch(share);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.startBatch();
        else if (this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
      });
    }
  }

  private takeBatch(rows: number): TPending[] {
    const { maxBatchRows, maxBatchBytes } = this.options;
    const limit = Math.min(rows, maxBatchRows);
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && n < limit) {
      const size = this.queue[n]!.json.length;
      if (n > 0 && bytes + size > maxBatchBytes) break;
      bytes += size;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async write(batch: TPending[]): Promise<void> {
    const rows = `[${batch.map((p) => p.json).join(',')}]`;
    try {
      await insertPredictionRows(this.database, rows);
    } catch (error) {
      this.stats.failedBatches++;
      const cause = error as Error;
      const failure = new Error(`The prediction could not be recorded: ${cause.message}`, { cause });
      for (const p of batch) p.reject(failure);
      return;
    }
    this.stats.batches++;
    this.stats.rows += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    for (const p of batch) p.resolve();
  }
}

const INSERT_ROWS = `
  insert into predictions (model_version_id, created_at, request_id, deployment_id, environment_id,
                           caller_user_id, caller_token_id, input, output, latency_ms)
  select v, t, r, d, e, u, k, i, o, l
  from jsonb_to_recordset($1::jsonb)
    as x(v uuid, t timestamptz, r uuid, d uuid, e uuid, u uuid, k uuid, i jsonb, o jsonb, l real)`;

/**
 * One statement, one parameter: the batch travels as a JSON array and is unpacked by
 * jsonb_to_recordset, so the statement text and its plan are the same for any batch size
 * and there is no bind-parameter limit. Keys are one letter to keep the payload small.
 */
export async function insertPredictionRows(database: TDatabase, rowsJson: string): Promise<void> {
  const driver = driverOf(database);
  // A named prepared statement on PostgreSQL: parsed and planned once per connection, then only bound.
  if (driver.kind === 'postgres') await driver.client.unsafe(INSERT_ROWS, [rowsJson], { prepare: true });
  else await driver.client.query(INSERT_ROWS, [rowsJson]);
}

function requireUuid(name: string, value: unknown, nullable = false): string | null {
  if (nullable && value === null) return null;
  if (typeof value !== 'string' || !UUID.test(value)) throw new TypeError(`${name} must be a UUID.`);
  return value;
}

function jsonOf(name: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${name} is not a JSON value.`);
  if (json.includes('\\u') && UNSTORABLE_ESCAPE.test(json)) {
    throw new TypeError(`${name} holds a NUL character or an unpaired surrogate, which cannot be stored.`);
  }
  return json;
}

/** Checks one record and turns it into its row of the batch; a bad record fails alone, before batching. */
export function serializeRecord(r: TPredictionRecord): string {
  const row = {
    v: requireUuid('modelVersionId', r.modelVersionId),
    t: r.createdAt instanceof Date && !Number.isNaN(r.createdAt.getTime()) ? r.createdAt.toISOString() : null,
    r: requireUuid('requestId', r.requestId),
    d: requireUuid('deploymentId', r.deploymentId),
    e: requireUuid('environmentId', r.environmentId),
    u: requireUuid('callerUserId', r.callerUserId, true),
    k: requireUuid('callerTokenId', r.callerTokenId, true),
  };
  if (row.t === null) throw new TypeError('createdAt must be a valid Date.');
  if (typeof r.latencyMs !== 'number' || !Number.isFinite(r.latencyMs) || r.latencyMs < 0) {
    throw new TypeError('latencyMs must be a finite, non-negative number.');
  }
  const head = JSON.stringify(row);
  return `${head.slice(0, -1)},"i":${jsonOf('input', r.input)},"o":${jsonOf('output', r.output)},"l":${r.latencyMs}}`;
}

const recorders = new WeakMap<TDatabase, GroupCommitRecorder>();

/** The recorder of this database in this process (one per database; created on first use). */
export function getPredictionRecorder(db: TDatabase): TPredictionRecorder {
  let recorder = recorders.get(db);
  if (!recorder) {
    recorder = new GroupCommitRecorder(db, defaults(db.kind), () => {
      if (recorders.get(db) === recorder) recorders.delete(db);
    });
    recorders.set(db, recorder);
  }
  return recorder;
}

/** A recorder with its own settings, outside the per-database registry (bench and tests). */
export function createPredictionRecorder(
  db: TDatabase,
  options: Partial<TPredictionRecorderOptions> = {},
): TPredictionRecorder & { stats: TPredictionRecorderStats } {
  return new GroupCommitRecorder(db, { ...defaults(db.kind), ...options }, () => {});
}

/** Counters of this database's recorder (zeros when none was opened). */
export function readPredictionRecorderStats(db: TDatabase): TPredictionRecorderStats {
  return { ...(recorders.get(db)?.stats ?? { batches: 0, rows: 0, failedBatches: 0, largestBatch: 0 }) };
}
