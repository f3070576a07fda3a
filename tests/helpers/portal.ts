import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface TPortal {
  url: string;
  dataDir: string;
  databaseUrl?: string;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
  logs(): string;
}

/**
 * Starts the built portal (`next start`) on a free port with its own data folder and, when
 * DATABASE_URL is set, its own fresh PostgreSQL database. Needs `next build` first
 * (scripts/run-tests.mjs builds before browser and portal tests).
 */
export async function startPortal(
  extraEnv: Record<string, string> = {},
  /** Restart on another portal's data folder and database (e.g. after killing it); they stay that portal's to clean up. */
  reuse?: Pick<TPortal, 'dataDir' | 'databaseUrl'>,
): Promise<TPortal> {
  const port = await freePort();
  const dataDir = reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'mg-portal-'));
  let databaseUrl = reuse?.databaseUrl;
  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL && !reuse) {
    const name = `mg_portal_${randomBytes(5).toString('hex')}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      ...extraEnv,
      NODE_ENV: 'production',
      MODELGATE_DATA_DIR: dataDir,
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`portal exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`portal did not start in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    databaseUrl,
    process: child,
    logs: () => output,
    async stop(signal = 'SIGTERM') {
      // A process killed by a signal keeps exitCode null: check both, or we would wait for an exit that has passed.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await exited;
      }
      await dropDatabase();
      if (!reuse) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
