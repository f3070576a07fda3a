import { z } from 'zod';

/** Settings, validated once at start-up: a wrong value fails fast with its name. */
const ZEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  MODELGATE_DATA_DIR: z.string().default('.data'),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  MODELGATE_MAX_JSON_BYTES: z.coerce.number().int().positive().default(1_000_000),
  MODELGATE_CHECKPOINT_EVERY_MS: z.coerce.number().int().positive().default(60_000),
  MODELGATE_SEED_DEMO: z.enum(['0', '1']).default('1'),
  /** Run dataset scan workers in this process: the portal does by default; tests start theirs explicitly. */
  MODELGATE_SCAN_WORKERS: z.enum(['0', '1']).default(process.env.NODE_ENV === 'test' ? '0' : '1'),
  /** A scan whose worker has not reported for this long is presumed dead and retried. */
  MODELGATE_SCAN_STALE_SECONDS: z.coerce.number().int().positive().default(60),
  /** First retry delay of a failed scan; later retries back off exponentially. */
  MODELGATE_SCAN_RETRY_DELAY_SECONDS: z.coerce.number().int().positive().default(10),
  /** Largest artifact upload in bytes (default 2 GiB). */
  MODELGATE_MAX_ARTIFACT_BYTES: z.coerce.number().int().positive().default(2 * 1024 ** 3),
  /** Upload temp files older than this are leftovers of a crash and are removed at start-up. */
  MODELGATE_UPLOAD_TEMP_TTL_MS: z.coerce.number().int().nonnegative().default(3_600_000),
  /** PostgreSQL connections of this process's pool (postgres-js `max`); queries beyond it are pipelined. */
  MODELGATE_DB_POOL: z.coerce.number().int().min(1).max(500).default(10),
  /** Prediction batches committing at once on PostgreSQL. One is fastest when the database shares a small machine
   *  (fewer, larger commits cost less CPU); raise it for a database server of its own. */
  MODELGATE_RECORDER_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(1),
  /** Stored predictions older than this many days are dropped, a whole day partition at a time (audited). */
  MODELGATE_PREDICTION_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
  /** How often the monitoring job evaluates drift and latency thresholds (0 = never, in this process). */
  MODELGATE_MONITORING_EVERY_MS: z.coerce.number().int().nonnegative().default(60_000),
  /** The window of recent traffic each evaluation compares with the reference. */
  MODELGATE_MONITORING_WINDOW_MINUTES: z.coerce.number().int().positive().default(60),
  /** Input rows of the first predictions that make a version's reference when no training data is linked. */
  MODELGATE_MONITORING_REFERENCE_ROWS: z.coerce.number().int().positive().default(500),
  /** Fewer input rows than this in a window: drift is not judged (too noisy). */
  MODELGATE_MONITORING_MIN_WINDOW_ROWS: z.coerce.number().int().positive().default(200),
  /** 1 = GET /metrics answers without a token (for a scraper on a private network); default needs `monitoring:read`. */
  MODELGATE_METRICS_OPEN: z.enum(['0', '1']).default('0'),
});
export type TEnv = z.infer<typeof ZEnvSchema>;

let cached: TEnv | undefined;

export function env(): TEnv {
  if (cached) return cached;
  // An empty variable counts as unset (DATABASE_URL= in a shell means "no server").
  const set = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = ZEnvSchema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
