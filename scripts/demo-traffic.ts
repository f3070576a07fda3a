// `npm run demo:traffic`: sends prediction traffic to a running portal's serving API that starts
// like the reference and then drifts, so the monitoring charts and a drift alert show something.
//
//   MODELGATE_URL      the portal (default http://localhost:3000)
//   MODELGATE_TOKEN    a token with serving:predict (and monitoring:read for the closing summary);
//                      without one, the script signs in as the demo ML engineer and creates one
//   MODELGATE_TRAFFIC_MODEL / _ENV      default credit-default-classifier in production (the seeded deployment)
//   MODELGATE_TRAFFIC_SECONDS           how long to spread the traffic over (default 90; 0 = as fast as possible)
//   MODELGATE_TRAFFIC_REFERENCE_ROWS    rows drawn like the reference first (default 800)
//   MODELGATE_TRAFFIC_DRIFT_ROWS        drifting rows after them (default 1600)

export interface TTrafficOptions {
  url: string;
  token?: string;
  model: string;
  environment: string;
  referenceRows: number;
  driftRows: number;
  /** Rows per call. */
  batch: number;
  seconds: number;
  email: string;
  password: string;
  log: (line: string) => void;
}

export interface TTrafficResult {
  calls: number;
  rows: number;
  failures: number;
  token: string;
  /** The version that answered (the environment's deployment). */
  version: number | null;
}

export const DEMO_TRAFFIC_DEFAULTS: TTrafficOptions = {
  url: 'http://localhost:3000',
  model: 'credit-default-classifier',
  environment: 'production',
  referenceRows: 800,
  driftRows: 1600,
  batch: 20,
  seconds: 90,
  email: 'engineer@modelgate.local',
  password: 'modelgate-demo',
  log: (line) => console.log(line),
};

/** A seeded generator (mulberry32) with a normal draw, so every run sends the same traffic. */
function generator(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/**
 * One applicant's four features. `drift` 0 is the reference distribution; at 1, feature 0 has
 * moved up by 1.5 standard deviations and feature 2 has shifted to the right half of its range.
 */
export function demoFeatures(random: ReturnType<typeof generator>, drift: number): number[] {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return [
    round(random.normal() + 1.5 * drift),
    round(0.5 + 0.5 * random.normal()),
    round(random.uniform() * 2 - 1 + drift),
    round(2 + random.normal()),
  ];
}

function cookiesOf(res: Response, previous = ''): string {
  const jar = new Map(previous.split('; ').filter(Boolean).map((c) => c.split('=', 2) as [string, string]));
  for (const line of res.headers.getSetCookie()) {
    const [name, ...value] = line.split(';')[0]!.split('=');
    jar.set(name!, value.join('='));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Signs in as a portal user (next-auth credentials) and creates a one-day token for the traffic. */
export async function createTrafficToken(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  let cookie = cookiesOf(csrf);
  const signIn = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  cookie = cookiesOf(signIn, cookie);
  if (!cookie.includes('session-token')) throw new Error(`Could not sign in as ${email} (HTTP ${signIn.status}); set MODELGATE_TOKEN instead.`);
  const res = await fetch(`${url}/api/trpc/tokens.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ json: { name: 'demo traffic', scopes: ['serving:predict', 'monitoring:read'], expiresInDays: 1 } }),
  });
  const body = (await res.json()) as { result?: { data: { json: { secret: string } } }; error?: unknown };
  if (!body.result) throw new Error(`Could not create a token: ${JSON.stringify(body.error)}`);
  return body.result.data.json.secret;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the reference-like rows, then the drifting ones (drift ramping up over the first third), in batches. */
export async function sendDemoTraffic(options: Partial<TTrafficOptions> = {}): Promise<TTrafficResult> {
  const o = { ...DEMO_TRAFFIC_DEFAULTS, ...options };
  const token = o.token ?? (await createTrafficToken(o.url, o.email, o.password));
  const endpoint = `${o.url}/api/v1/serve/${encodeURIComponent(o.environment)}/models/${encodeURIComponent(o.model)}/predict`;
  const random = generator(20_240_601);
  const total = o.referenceRows + o.driftRows;
  const calls = Math.ceil(o.referenceRows / o.batch) + Math.ceil(o.driftRows / o.batch);
  const pause = o.seconds > 0 ? (o.seconds * 1000) / calls : 0;
  const result: TTrafficResult = { calls: 0, rows: 0, failures: 0, token, version: null };
  o.log(`Sending ${total} rows in ${calls} calls to ${endpoint}: ${o.referenceRows} like the reference, then ${o.driftRows} drifting.`);

  async function send(rows: number[][]) {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { features: rows } }),
    });
    result.calls++;
    if (!res.ok) {
      result.failures++;
      const text = await res.text();
      if (result.failures <= 3) o.log(`HTTP ${res.status}: ${text}`);
      if (res.status === 401 || res.status === 403 || res.status === 404) throw new Error(`The serving API refused the traffic (HTTP ${res.status}): ${text}`);
      return;
    }
    result.rows += rows.length;
    result.version = ((await res.json()) as { version: number }).version;
  }

  for (const [phase, rows] of [['reference', o.referenceRows], ['drift', o.driftRows]] as const) {
    for (let sent = 0; sent < rows; sent += o.batch) {
      const size = Math.min(o.batch, rows - sent);
      const drift = phase === 'reference' ? 0 : Math.min(1, (3 * sent) / rows);
      await send(Array.from({ length: size }, () => demoFeatures(random, drift)));
      if (pause) await sleep(pause);
    }
    o.log(`${phase}: ${rows} rows sent (${result.calls} calls so far, ${result.failures} failed).`);
  }
  return result;
}

async function main() {
  const e = process.env;
  const number = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));
  const options: Partial<TTrafficOptions> = {
    url: (e.MODELGATE_URL ?? DEMO_TRAFFIC_DEFAULTS.url).replace(/\/$/, ''),
    token: e.MODELGATE_TOKEN || undefined,
    model: e.MODELGATE_TRAFFIC_MODEL ?? DEMO_TRAFFIC_DEFAULTS.model,
    environment: e.MODELGATE_TRAFFIC_ENV ?? DEMO_TRAFFIC_DEFAULTS.environment,
    seconds: number(e.MODELGATE_TRAFFIC_SECONDS, DEMO_TRAFFIC_DEFAULTS.seconds),
    referenceRows: number(e.MODELGATE_TRAFFIC_REFERENCE_ROWS, DEMO_TRAFFIC_DEFAULTS.referenceRows),
    driftRows: number(e.MODELGATE_TRAFFIC_DRIFT_ROWS, DEMO_TRAFFIC_DEFAULTS.driftRows),
  };
  const result = await sendDemoTraffic(options);
  console.log(`Done: ${result.rows} rows in ${result.calls} calls, ${result.failures} failed.`);
  if (result.version === null) return;
  const path = `/models/${encodeURIComponent(options.model!)}/versions/${result.version}`;
  console.log(`Monitoring page: ${options.url}/monitoring/${encodeURIComponent(options.model!)}/versions/${result.version}`);
  const res = await fetch(`${options.url}/api/v1${path}/monitoring?bucket=minute&from=${new Date(Date.now() - 3_600_000).toISOString()}`, {
    headers: { authorization: `Bearer ${result.token}` },
  });
  if (!res.ok) return console.log(`(monitoring summary needs a token with monitoring:read: HTTP ${res.status})`);
  const m = (await res.json()) as { drift: { feature: string; psi: number; ks: number | null }[]; window: { rows: number }; alerts: { kind: string; state: string; summary: string }[] };
  for (const d of m.drift) console.log(`  ${d.feature.padEnd(12)} PSI ${d.psi.toFixed(3)}  KS ${d.ks === null ? '–' : d.ks.toFixed(3)}`);
  const open = m.alerts.filter((a) => a.state !== 'resolved');
  console.log(open.length ? open.map((a) => `  alert: ${a.kind} ${a.state}: ${a.summary}`).join('\n') : '  no alert yet: the monitoring job runs every minute (MODELGATE_MONITORING_EVERY_MS).');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
