// A worker killed in the middle of a scan: the scan is neither lost nor left running; a new worker
// process takes it over (after the heartbeat goes stale) and completes it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, datasetScans } from '@/db/schema';
import { serviceContext } from '@/server/services/context';
import { createDataset, uploadDatasetVersion } from '@/server/services/datasets';
import { stopJobQueue } from '@/server/jobs/queue';
import { customersCsv, streamOf } from './helpers/datasets';
import { openSharedDatabase, seedTeam } from './helpers/scan-fixture';

const dataDir = mkdtempSync(join(tmpdir(), 'mg-crash-'));
process.env.MODELGATE_DATA_DIR = dataDir;
process.env.MODELGATE_SCAN_RETRY_DELAY_SECONDS = '1';
after(() => rmSync(dataDir, { recursive: true, force: true }));

function startWorker(url: string): { child: ChildProcess; waitFor(pattern: RegExp): Promise<string>; output(): string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, MODELGATE_DATA_DIR: dataDir, DATABASE_URL: url, MODELGATE_SEED_DEMO: '0', MODELGATE_SCAN_STALE_SECONDS: '2', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: Array<{ pattern: RegExp; resolve(line: string): void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const w of [...waiters]) {
      const match = output.match(w.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match[0]);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    child,
    output: () => output,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)), 120_000);
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        onData(Buffer.alloc(0));
        child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ${pattern}:\n${output}`)));
      }),
  };
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

test('kill the worker mid-scan, start another: the scan is retried and completes', { timeout: 240_000 }, async () => {
  const shared = await openSharedDatabase(join(dataDir, 'pglite'));
  let database = await shared.open();
  const { teamId, ownerId, scientist } = await seedTeam(database);
  const ctx = serviceContext(database.db, scientist);
  const dataset = await createDataset(ctx, { teamId, ownerId, name: 'big', description: '' });
  const version = await uploadDatasetVersion(ctx, dataset.id, 'big.csv', streamOf(customersCsv(40_000, 9)));
  const scanId = version.scan!.id;
  await stopJobQueue(database.db);
  await database.close();

  const first = startWorker(shared.url);
  await first.waitFor(new RegExp(`\\[scan\\] ${scanId} started \\(attempt 1\\)`));
  await new Promise((r) => setTimeout(r, 300));
  first.child.kill('SIGKILL');
  await exited(first.child);
  assert.doesNotMatch(first.output(), new RegExp(`${scanId} completed`), 'the kill came mid-scan');

  const second = startWorker(shared.url);
  await second.waitFor(new RegExp(`\\[scan\\] ${scanId} completed`));
  second.child.kill('SIGTERM');
  await exited(second.child);

  database = await shared.open();
  try {
    const [scan] = await database.db.select().from(datasetScans).where(eq(datasetScans.id, scanId));
    assert.equal(scan!.status, 'completed');
    assert.equal(scan!.attempts, 2);
    const events = await database.db
      .select({ action: auditEvents.action, body: auditEvents.body })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'DatasetScan'), eq(auditEvents.subjectId, scanId)))
      .orderBy(asc(auditEvents.seq));
    assert.deepEqual(events.map((e) => e.action), ['dataset_scan.queued', 'dataset_scan.started', 'dataset_scan.failed', 'dataset_scan.started', 'dataset_scan.completed']);
    assert.match(events[2]!.body, /worker_lost/);
  } finally {
    await database.close();
    await shared.drop();
  }
});
