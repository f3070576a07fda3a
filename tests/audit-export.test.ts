import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { desc, eq } from 'drizzle-orm';
import { verifyAuditExport } from '@/cli/verify-audit.mjs';
import { auditEvents, signingKeys } from '@/db/schema';
import { appendAuditEvents } from '@/server/audit/append';
import { signCheckpoint } from '@/server/audit/checkpoints';
import { startAuditExport, type TExportRange } from '@/server/audit/export';
import { chainHash, leafHash } from '@/server/audit/hashing';
import { keyIdOf, rotateSigningKey } from '@/server/audit/keys';
import type { TDatabase } from '@/db/client';
import { SYSTEM, userActor } from './helpers/actors';
import { createTestDatabase } from './helpers/db';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mg-audit-export-'));
let database: TDatabase;
let lines: string[];
let keyFiles: string[];

/** 10,000 events in 20 transactions of 500, a checkpoint and a key rotation half way. */
async function appendBatches(batches: number, offset: number) {
  for (let b = 0; b < batches; b++) {
    await database.db.transaction((tx) =>
      appendAuditEvents(
        tx,
        userActor(`user-${b % 3}`, ['data_scientist']),
        Array.from({ length: 500 }, (_, i) => ({
          action: 'team.created' as const,
          subject: { type: 'Team', id: `t-${offset + b}-${i}` },
          data: { name: `Équipe ${i} 😀 "quoted" \\ \u2028` },
        })),
      ),
    );
  }
}

async function exportTo(file: string, range: TExportRange = {}) {
  const exp = await startAuditExport(database.db, userActor('auditor-1', ['auditor']), range);
  await pipeline(Readable.from(exp.lines()), createWriteStream(file));
  return exp;
}

before(async () => {
  database = await createTestDatabase();
  await appendBatches(10, 0);
  await signCheckpoint(database.db); // creates the first audit key (an event), so size 5001
  await rotateSigningKey(database.db, SYSTEM, 'audit'); // 5002
  await appendBatches(10, 10); // 5003–10002
  await exportTo(join(dir, 'clean.jsonl'));
  lines = readFileSync(join(dir, 'clean.jsonl'), 'utf8').trimEnd().split('\n');
  const keys = await database.db.select().from(signingKeys).orderBy(signingKeys.createdAt);
  keyFiles = keys.map((k, i) => {
    const file = join(dir, `key-${i}.pem`);
    writeFileSync(file, k.publicKeyPem);
    return file;
  });
});

after(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const END = 10_002;
const lineOf = (seq: number) => lines.findIndex((l) => l.startsWith(`{"seq":${seq},`));
const checkpointLineAfter = (seq: number) => lineOf(seq) + 1;
const bodyOf = (line: string) => line.slice(line.indexOf(',"event":') + 9, -1);
const eventLine = (seq: number, prev: string, body: string) => {
  const leaf = leafHash(body);
  return { line: `{"seq":${seq},"leaf":"${leaf}","chain":"${chainHash(prev, leaf)}","event":${body}}`, chain: chainHash(prev, leaf) };
};
const chainOf = (line: string) => JSON.parse(line).chain as string;

function write(name: string, content: string[] | string) {
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, Array.isArray(content) ? `${content.join('\n')}\n` : content);
  return file;
}

/** Rewrites event `seq`'s body and recomputes every hash from there on, as an attacker could. */
function rewriteFrom(seq: number, source = lines): string[] {
  const out = [...source];
  let prev = chainOf(out[lineOf(seq) - 1]!.startsWith('{"seq"') ? out[lineOf(seq) - 1]! : out[lineOf(seq) - 2]!);
  for (let i = lineOf(seq); i < out.length; i++) {
    if (!out[i]!.startsWith('{"seq"')) continue;
    const n = Number(/^\{"seq":(\d+)/.exec(out[i]!)![1]);
    const body = n === seq ? bodyOf(out[i]!).replace('Équipe', 'Equipe') : bodyOf(out[i]!);
    const next = eventLine(n, prev, body);
    out[i] = next.line;
    prev = next.chain;
  }
  return out;
}

async function expectFailure(file: string, line: number, seq: number | null, reason: RegExp, options = {}) {
  const result = await verifyAuditExport(file, options);
  assert.equal(result.ok, false, 'the verifier accepted a tampered export');
  assert.match(result.reason, reason);
  assert.deepEqual({ line: result.line, seq: result.seq }, { line, seq }, result.reason);
}

test('a clean export verifies through the CLI, with the stored head', async () => {
  const [head] = await database.db.select().from(auditEvents).where(eq(auditEvents.seq, END));
  const { stdout } = await run(process.execPath, ['cli/bin.mjs', 'verify-audit', join(dir, 'clean.jsonl'), '--key', keyFiles[0]!, '--key', keyFiles[1]!]);
  assert.equal(stdout.trim(), `verified: ${END} events (seq 1–${END}), 2 checkpoints, head ${head!.chainHash}`);
  const header = JSON.parse(lines[0]!);
  assert.deepEqual(header.keys.map((k: { kid: string }) => k.kid).sort(), (await database.db.select().from(signingKeys)).map((k) => k.id).sort());
});

test('the export is recorded as an audit event and stores its checkpoint', async () => {
  const [last] = await database.db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  const body = JSON.parse(last!.body);
  assert.equal(body.action, 'audit.exported');
  assert.deepEqual({ ...body.data, checkpointId: undefined }, { fromSeq: 1, toSeq: END, count: END, checkpointId: undefined });
  assert.equal(JSON.parse(JSON.parse(lines.at(-1)!).checkpoint).size, END);
});

test('a flipped byte in an event names that event (CLI exit 1)', async () => {
  const tampered = [...lines];
  const i = lineOf(7000);
  tampered[i] = tampered[i]!.replace('Équipe', 'Équipf');
  const file = write('flipped', tampered);
  const cli = await run(process.execPath, ['cli/bin.mjs', 'verify-audit', file]).catch((e) => e);
  assert.equal(cli.code, 1);
  assert.match(cli.stdout, new RegExp(`^NOT VERIFIED at line ${i + 1} \\(seq 7000\\): .*edited`));
});

test('a changed key order is an edit, although the JSON means the same', async () => {
  const tampered = [...lines];
  const i = lineOf(3000);
  const body = JSON.parse(bodyOf(tampered[i]!));
  const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()));
  tampered[i] = tampered[i]!.replace(bodyOf(tampered[i]!), reordered);
  await expectFailure(write('reordered-keys', tampered), i + 1, 3000, /edited/);
});

test('a deleted middle entry names the gap', async () => {
  const gone = lineOf(4000);
  const tampered = lines.filter((_, i) => i !== gone);
  await expectFailure(write('deleted-middle', tampered), lineOf(4001), 4001, /4000 was expected.*missing/);
});

test('a deleted last entry is caught by the checkpoint over it', async () => {
  const gone = lineOf(END);
  const withoutLast = lines.filter((_, i) => i !== gone);
  await expectFailure(write('deleted-last', withoutLast), gone + 1, END, /size 10002 follows seq 10001: entry 10002 is missing/);
  // Also dropping the checkpoint: the header's range and the last checkpoint both disagree.
  const alsoCheckpoint = withoutLast.slice(0, -1);
  await expectFailure(write('deleted-last-2', alsoCheckpoint), alsoCheckpoint.length, END, /truncated/);
  const header = { ...JSON.parse(lines[0]!), toSeq: END - 1 };
  await expectFailure(write('deleted-last-3', [JSON.stringify(header), ...alsoCheckpoint.slice(1)]), alsoCheckpoint.length, END - 1, /no checkpoint covers the end/);
});

test('an inserted entry is caught where the chain continues', async () => {
  const i = lineOf(6001);
  const naive = [...lines.slice(0, i), lines[i]!.replace('"seq":6001', '"seq":6002'), ...lines.slice(i)];
  await expectFailure(write('inserted-naive', naive), i + 1, 6002, /6001 was expected/);
  // A well-formed forgery with correct hashes over 6000: the real 6001 then no longer fits.
  const forged = eventLine(6001, chainOf(lines[i - 1]!), bodyOf(lines[i]!).replace('Équipe', 'Forged'));
  const smart = [...lines.slice(0, i), forged.line, ...lines.slice(i)];
  await expectFailure(write('inserted', smart), i + 2, 6001, /6002 was expected.*duplicated or reordered/);
});

test('two swapped entries name the first', async () => {
  const tampered = [...lines];
  const i = lineOf(2000);
  [tampered[i], tampered[i + 1]] = [tampered[i + 1]!, tampered[i]!];
  await expectFailure(write('swapped', tampered), i + 1, 2001, /2000 was expected/);
});

test('a duplicated entry names the copy', async () => {
  const i = lineOf(8000);
  const tampered = [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)];
  await expectFailure(write('duplicated', tampered), i + 2, 8000, /8001 was expected.*duplicated/);
});

test('hashes recomputed from entry k on are caught by the next checkpoint', async () => {
  await expectFailure(write('rewritten-3000', rewriteFrom(3000)), checkpointLineAfter(5001) + 1, 5001, /different head.*changed/);
  await expectFailure(write('rewritten-9000', rewriteFrom(9000)), lines.length, END, /different head.*changed/);
});

test('a checkpoint with a bad signature', async () => {
  const tampered = [...lines];
  const i = checkpointLineAfter(5001);
  const cp = JSON.parse(tampered[i]!);
  const sig = Buffer.from(cp.signature, 'base64');
  sig[10]! ^= 1;
  tampered[i] = JSON.stringify({ ...cp, signature: sig.toString('base64') });
  await expectFailure(write('bad-signature', tampered), i + 1, 5001, /signature does not verify/);
});

test('a checkpoint from another key: unknown, or caught by --key when listed', async () => {
  const attacker = generateKeyPairSync('ed25519');
  const kid = keyIdOf(attacker.publicKey);
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: attacker.publicKey.export({ format: 'jwk' }).x, kid, use: 'sig', alg: 'EdDSA' };
  const tampered = rewriteFrom(9000);
  const statement = JSON.stringify({ headHash: chainOf(tampered.at(-2)!), keyId: kid, signedAt: new Date().toISOString(), size: END, v: 1 });
  tampered[tampered.length - 1] = JSON.stringify({ checkpoint: statement, signature: sign(null, Buffer.from(statement), attacker.privateKey).toString('base64') });
  await expectFailure(write('other-key', tampered), lines.length, END, /does not list/);

  const header = JSON.parse(tampered[0]!);
  tampered[0] = JSON.stringify({ ...header, keys: [...header.keys, jwk] });
  const file = write('other-key-listed', tampered);
  assert.equal((await verifyAuditExport(file)).ok, true, 'without --key the header is trusted');
  const cli = await run(process.execPath, ['cli/bin.mjs', 'verify-audit', file, '--key', keyFiles[0]!, '--key', keyFiles[1]!]).catch((e) => e);
  assert.equal(cli.code, 1);
  assert.match(cli.stdout, new RegExp(`line ${lines.length} \\(seq ${END}\\): .*not by the key given with --key`));
});

test('a rollback to a smaller log passes alone, but not against --min-size or an earlier checkpoint', async () => {
  const header = { ...JSON.parse(lines[0]!), toSeq: 5001 };
  const older = write('rollback', [JSON.stringify(header), ...lines.slice(1, checkpointLineAfter(5001) + 1)]);
  const alone = await verifyAuditExport(older);
  assert.equal(alone.ok, true);
  const seen = join(dir, 'seen-checkpoint.json');
  writeFileSync(seen, `${lines.at(-1)}\n`);
  for (const args of [['--min-size', String(END)], ['--checkpoint', seen]]) {
    const cli = await run(process.execPath, ['cli/bin.mjs', 'verify-audit', older, ...args]).catch((e) => e);
    assert.equal(cli.code, 1, args.join(' '));
    assert.match(cli.stdout, /rolled back/);
  }
  // The same earlier checkpoint is consistent with the full export.
  const full = await run(process.execPath, ['cli/bin.mjs', 'verify-audit', join(dir, 'clean.jsonl'), '--checkpoint', seen, '--min-size', String(END)]);
  assert.match(full.stdout, /^verified/);
});

test('trailing garbage is named', async () => {
  await expectFailure(write('garbage-line', [...lines, 'garbage']), lines.length + 1, null, /neither an event nor a checkpoint/);
  await expectFailure(write('garbage-tail', `${lines.join('\n')}\n{"seq":1`), lines.length + 1, 1, /malformed event line/);
  await expectFailure(write('blank-line', [...lines, '']), lines.length + 1, null, /empty line/);
});

test('a partial range anchors on the previous hash and includes the checkpoints inside it', async () => {
  const file = join(dir, 'range.jsonl');
  const exp = await exportTo(file, { fromSeq: 2000, toSeq: 6000 });
  const [first] = await database.db.select().from(auditEvents).where(eq(auditEvents.seq, 2000));
  assert.equal(exp.header.anchorHash, first!.prevHash);
  const result = await verifyAuditExport(file);
  assert.deepEqual({ ok: result.ok, events: result.events, checkpoints: result.checkpoints }, { ok: true, events: 4001, checkpoints: 2 });
  const cli = await run(process.execPath, ['cli/bin.mjs', 'verify-audit']).catch((e) => e);
  assert.equal(cli.code, 2);
});
