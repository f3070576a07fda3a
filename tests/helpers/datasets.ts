import { setTimeout as sleep } from 'node:timers/promises';
import { Readable } from 'node:stream';
import { createFakePeople, csvValue } from '@/scanners/fake-data';
import type { TServiceContext } from '@/server/services/context';
import { readVersion } from '@/server/services/datasets';

/** A CSV of fake customers: names, emails and Luhn-valid card numbers, plus columns without PII. */
export function customersCsv(rows: number, seed = 1): string {
  const fake = createFakePeople(seed);
  const lines = ['customer_id,name,email,card_number,plan,visits'];
  for (let i = 1; i <= rows; i++) lines.push([i, fake.fullName(), fake.email(), fake.card(), fake.product(), fake.integer(0, 90)].map(String).map(csvValue).join(','));
  return lines.join('\n') + '\n';
}

export const streamOf = (content: string | Buffer) => Readable.from([Buffer.from(content)]);

/** Polls a version until its latest scan is no longer queued or running. */
export async function waitForScan(ctx: TServiceContext, versionId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const version = await readVersion(ctx, versionId);
    if (version.scan && version.scan.status !== 'queued' && version.scan.status !== 'running') return version;
    if (Date.now() > deadline) throw new Error(`scan of ${versionId} still ${version.scan?.status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}
