// Audit trail benchmarks (registered in bench/run.ts; `npm run bench:audit`):
// (a) chained appends by 16 writers vs plain inserts of the same rows into an unchained
//     table with the same indexes, on a fresh PostgreSQL database;
// (b) offline verification of an export on one core vs SHA-256 of the same event bytes alone.
import { generateKeyPairSync, hash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type TDb } from '@/db/client';
import { verifyAuditExport } from '@/cli/verify-audit.mjs';
import { bodyTemplate } from '@/server/audit/append';
import { checkpointStatement } from '@/server/audit/checkpoints';
import { EXPORT_FORMAT, EXPORT_VERSION } from '@/server/audit/export';
import { chainHash, leafHash, ZERO_HASH } from '@/server/audit/hashing';
import { keyIdOf, publicJwkOf, signBytes } from '@/server/audit/keys';
import { recordAudit } from '@/server/audit/transact';
import type { TAuditInput } from '@/server/audit/events';
import { describeActor, type TActor } from '@/policies/actor';
import { BENCH_DATABASE_URL, type TBenchRow } from './config';

const WRITERS = 16;
const PER_WRITER = 1_000;
const VERIFY_EVENTS = 300_000;

const actorOf = (w: number): TActor => ({ type: 'user', userId: `0000000${w}-0000-4000-8000-000000000000`, email: `w${w}@bench.local`, name: `w${w}`, roles: [], teamIds: [] });
const eventOf = (w: number, i: number): TAuditInput => ({
  action: 'user.updated',
  subject: { type: 'User', id: `user-${w}-${i}` },
  data: { before: { name: 'Ada Lovelace', roles: ['data_scientist'] }, after: { name: 'Ada King', roles: ['data_scientist', 'ml_engineer'] } },
});

async function withFreshDatabase<T>(use: (db: TDb) => Promise<T>): Promise<T> {
  const name = `mg_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: WRITERS });
  try {
    return await use(database.db);
  } finally {
    await database.close();
    await admin.unsafe(`drop database ${name} with (force)`);
    await admin.end();
  }
}

/** Events per second for WRITERS concurrent loops of PER_WRITER calls. */
async function rate(write: (w: number, i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
    for (let i = 0; i < PER_WRITER; i++) await write(w, i);
  }));
  return (WRITERS * PER_WRITER) / ((performance.now() - started) / 1000);
}

async function appendVsPlain(): Promise<TBenchRow[]> {
  return withFreshDatabase(async (db) => {
    await db.execute(sql`create table audit_plain (like audit_events including defaults including indexes)`);
    await db.execute(sql`alter table audit_plain alter seq add generated always as identity`);
    await rate((w, i) => recordAudit(db, actorOf(w), eventOf(w, i))); // warm-up: connections, plans
    const chained = await rate((w, i) => recordAudit(db, actorOf(w), eventOf(w, i)));
    // The same row, built the same way, but with no lock, head or chain.
    const plain = await rate((w, i) => {
      const event = eventOf(w, i);
      const who = describeActor(actorOf(w));
      const t = bodyTemplate(who, event);
      const body = `${t.pre}${new Date().toISOString()}${t.mid}${i}${t.post}`;
      const leaf = leafHash(body);
      return db.execute(sql`
        insert into audit_plain (body, leaf_hash, prev_hash, chain_hash, at, actor_type, actor_id, action, subject_type, subject_id, outcome)
        values (${body}, ${leaf}, ${randomBytes(32).toString('hex')}, ${randomBytes(32).toString('hex')}, clock_timestamp(),
                ${who.type}, ${who.id}, ${event.action}, ${event.subject.type}, ${event.subject.id}, 'success')`);
    });
    return [
      { metric: `append, ${WRITERS} writers (recordAudit)`, value: chained, unit: 'events/s', note: 'target ≥ 1,000' },
      { metric: `plain insert, ${WRITERS} writers`, value: plain, unit: 'events/s' },
      { metric: 'append / plain', value: chained / plain, unit: 'ratio', note: 'target ≥ 0.5' },
    ];
  });
}

/** A synthetic export of VERIFY_EVENTS events (same layout as server/audit/export.ts). */
async function writeExport(file: string): Promise<Buffer[]> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const key = { id: keyIdOf(publicKey), purpose: 'audit' as const, publicKeyPem, privateKey };
  const out = createWriteStream(file);
  const put = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  const at = new Date().toISOString();
  await put(JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, fromSeq: 1, toSeq: VERIFY_EVENTS, anchorHash: ZERO_HASH, exportedAt: at, keys: [publicJwkOf(publicKeyPem)] }));
  const bodies: Buffer[] = [];
  let prev = ZERO_HASH;
  for (let seq = 1; seq <= VERIFY_EVENTS; seq++) {
    const t = bodyTemplate({ type: 'user', id: 'u1', label: 'ada@bench.local' }, eventOf(1, seq));
    const body = `${t.pre}${at}${t.mid}${seq}${t.post}`;
    const leaf = leafHash(body);
    prev = chainHash(prev, leaf);
    bodies.push(Buffer.from(body));
    await put(`{"seq":${seq},"leaf":"${leaf}","chain":"${prev}","event":${body}}`);
  }
  const cp = { size: VERIFY_EVENTS, headHash: prev, signedAt: at, keyId: key.id };
  await put(JSON.stringify({ checkpoint: checkpointStatement(cp), signature: signBytes(key, checkpointStatement(cp)) }));
  out.end();
  await once(out, 'finish');
  return bodies;
}

function best(times: number[]): number {
  return Math.min(...times);
}

async function verifyVsHash(): Promise<TBenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mg-bench-'));
  try {
    const file = join(dir, 'export.jsonl');
    const bodies = await writeExport(file);
    const verifyTimes: number[] = [];
    const hashTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      let started = performance.now();
      const result = await verifyAuditExport(file);
      if (!result.ok) throw new Error(`bench export did not verify: ${result.reason}`);
      verifyTimes.push(performance.now() - started);
      started = performance.now();
      for (const body of bodies) hash('sha256', body, 'buffer');
      hashTimes.push(performance.now() - started);
    }
    const verify = VERIFY_EVENTS / (best(verifyTimes) / 1000);
    const hashOnly = VERIFY_EVENTS / (best(hashTimes) / 1000);
    const avgBytes = bodies.reduce((n, b) => n + b.length, 0) / bodies.length;
    return [
      { metric: `verify export, 1 core (${VERIFY_EVENTS / 1000}k events)`, value: verify, unit: 'events/s', note: 'target ≥ 200,000; reads the file' },
      { metric: `SHA-256 of each event body alone`, value: hashOnly, unit: 'events/s', note: `in memory, ${Math.round(avgBytes)} B/event` },
      { metric: 'verify / hash-only', value: verify / hashOnly, unit: 'ratio', note: 'target ≥ 0.5' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<TBenchRow[]> {
  return [...(await appendVsPlain()), ...(await verifyVsHash())];
}
