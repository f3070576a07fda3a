#!/usr/bin/env node
// modelgate verify-audit: the offline verifier for a Modelgate audit export. It uses only
// node built-ins, so an auditor can copy this one file and run `node verify-audit.mjs`.
//
// Export format "modelgate-audit-export" version 1, JSON Lines:
//   line 1      header {"format","version","fromSeq","toSeq","anchorHash","exportedAt","keys":[JWK]}
//               anchorHash is the chain hash before fromSeq (64 zeros when fromSeq is 1);
//               keys are the Ed25519 public keys (OKP JWK, kid = first 16 hex of SHA-256(raw key)).
//   event       {"seq":N,"leaf":"<hex>","chain":"<hex>","event":<the stored canonical bytes>}
//               written in exactly this layout, so the bytes hashed are the bytes stored.
//   checkpoint  {"checkpoint":"<signed statement JSON>","signature":"<base64 Ed25519>"}
//               placed right after the event whose seq equals its size (after the header
//               for size fromSeq-1), so checking it needs no memory of earlier hashes.
// leaf = SHA-256(0x00 ‖ event bytes); chain = SHA-256(previous chain ‖ leaf) over raw digests.
import * as crypto from 'node:crypto';
import { accessSync, constants, createReadStream, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const FORMAT = 'modelgate-audit-export';
const ZERO_HASH = '0'.repeat(64);
const HEX64 = /^[0-9a-f]{64}$/;
const sha256 =
  typeof crypto.hash === 'function'
    ? (bytes) => crypto.hash('sha256', bytes, 'buffer')
    : (bytes) => crypto.createHash('sha256').update(bytes).digest();

// The fixed layout of an event line (see above).
const SEQ_PREFIX = Buffer.from('{"seq":');
const LEAF_PREFIX = Buffer.from(',"leaf":"');
const CHAIN_PREFIX = Buffer.from('","chain":"');
const EVENT_PREFIX = Buffer.from('","event":');
const CHECKPOINT_PREFIX = Buffer.from('{"checkpoint":');

class Failure extends Error {
  constructor(line, seq, reason) {
    super(reason);
    this.line = line;
    this.seq = seq;
  }
}

// Byte loops rather than Buffer methods: per event, a call into C++ costs more than the work.
function startsWith(buf, at, prefix) {
  if (at + prefix.length > buf.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

const HEX_VALUE = new Int16Array(256).fill(-256);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;

/** Whether the 64 lowercase hex characters at buf[at] spell digest. */
function hexEquals(digest, buf, at) {
  for (let i = 0; i < 32; i++) {
    if (((HEX_VALUE[buf[at + 2 * i]] << 4) | HEX_VALUE[buf[at + 2 * i + 1]]) !== digest[i]) return false;
  }
  return true;
}

function parseJwk(jwk, index) {
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error(`header key ${index} is not an Ed25519 JWK`);
  const raw = Buffer.from(jwk.x, 'base64url');
  if (raw.length !== 32) throw new Error(`header key ${index} does not hold 32 bytes`);
  const kid = sha256(raw).toString('hex').slice(0, 16);
  if (jwk.kid !== kid) throw new Error(`header key ${index} claims kid ${jwk.kid} but its bytes give ${kid}`);
  return { kid, x: raw.toString('base64url'), key: crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }) };
}

/** Raw public key (base64url) of a PEM file, to compare with the export's keys. */
export function rawKeyOfPem(pem) {
  return crypto.createPublicKey(pem).export({ format: 'jwk' }).x;
}

function parseCheckpoint(text) {
  const line = JSON.parse(text);
  if (typeof line?.checkpoint !== 'string' || typeof line.signature !== 'string') throw new Error('not a checkpoint');
  const st = JSON.parse(line.checkpoint);
  if (st?.v !== 1 || !Number.isSafeInteger(st.size) || st.size < 0 || !HEX64.test(st.headHash) || typeof st.keyId !== 'string' || typeof st.signedAt !== 'string') {
    throw new Error('checkpoint statement is malformed');
  }
  return { statement: line.checkpoint, signature: Buffer.from(line.signature, 'base64'), ...st };
}

/** Streaming state of one verification; `line` is fed each line in order. */
class Verifier {
  constructor(options) {
    this.trusted = options.trustedKeys?.length ? new Set(options.trustedKeys) : null;
    this.minSize = options.minSize ?? 0;
    this.priorTexts = options.priorCheckpoints ?? [];
    this.lineNo = 0;
    this.header = null;
    this.keys = new Map();
    this.expected = new Map();
    this.events = 0;
    this.checkpoints = 0;
    this.lastCheckpointSize = -1;
    this.pair = Buffer.alloc(64);
  }

  get size() {
    return this.nextSeq - 1;
  }

  /** Checks a checkpoint's key and signature; returns nothing, throws a reason. */
  checkSigned(cp) {
    const entry = this.keys.get(cp.keyId);
    if (!entry) throw new Error(`it is signed by key ${cp.keyId}, which the export does not list`);
    if (this.trusted && !this.trusted.has(entry.x)) throw new Error(`it is signed by key ${cp.keyId}, not by the key given with --key`);
    if (!crypto.verify(null, Buffer.from(cp.statement, 'utf8'), entry.key, cp.signature)) throw new Error(`its signature does not verify with key ${cp.keyId}`);
  }

  onHeader(text) {
    let h;
    try {
      h = JSON.parse(text);
    } catch {
      throw new Failure(1, null, 'the header is not JSON');
    }
    if (h?.format !== FORMAT || h.version !== 1) throw new Failure(1, null, `not a ${FORMAT} version 1 file`);
    const validRange = Number.isSafeInteger(h.fromSeq) && h.fromSeq >= 1 && Number.isSafeInteger(h.toSeq) && h.toSeq >= h.fromSeq;
    if (!validRange) throw new Failure(1, null, 'the header range is invalid');
    if (!HEX64.test(h.anchorHash) || (h.fromSeq === 1 && h.anchorHash !== ZERO_HASH)) throw new Failure(1, null, 'the header anchor hash is invalid');
    try {
      (Array.isArray(h.keys) ? h.keys : []).forEach((jwk, i) => {
        const entry = parseJwk(jwk, i);
        this.keys.set(entry.kid, entry);
      });
    } catch (error) {
      throw new Failure(1, null, error.message);
    }
    this.header = h;
    this.nextSeq = h.fromSeq;
    this.prev = Buffer.from(h.anchorHash, 'hex');
    for (const text of this.priorTexts) this.addPrior(text);
    this.checkExpected();
  }

  /** A checkpoint seen before (e.g. in an earlier export): this export must agree with it. */
  addPrior(text) {
    let cp;
    try {
      cp = parseCheckpoint(text);
      this.checkSigned(cp);
    } catch (error) {
      throw new Failure(0, null, `the earlier checkpoint is not valid: ${error.message}`);
    }
    if (cp.size < this.header.fromSeq - 1) {
      throw new Failure(0, cp.size, `the earlier checkpoint (size ${cp.size}) lies before this export, which starts at seq ${this.header.fromSeq}`);
    }
    this.expected.set(cp.size, cp.headHash);
  }

  checkExpected() {
    const want = this.expected.get(this.size);
    if (want !== undefined && want !== this.prev.toString('hex')) {
      throw new Failure(this.lineNo, this.size, `the chain at size ${this.size} differs from the earlier checkpoint: the log was rewritten`);
    }
  }

  line(buf, start, end) {
    this.lineNo += 1;
    if (this.lineNo === 1) return this.onHeader(buf.toString('utf8', start, end));
    if (startsWith(buf, start, SEQ_PREFIX)) return this.onEvent(buf, start, end);
    if (startsWith(buf, start, CHECKPOINT_PREFIX)) return this.onCheckpoint(buf.toString('utf8', start, end));
    throw new Failure(this.lineNo, null, end === start ? 'empty line' : 'neither an event nor a checkpoint line');
  }

  onEvent(buf, start, end) {
    const expectedSeq = this.nextSeq;
    let i = start + SEQ_PREFIX.length;
    let seq = 0;
    const digitsFrom = i;
    while (i < end && buf[i] >= 48 && buf[i] <= 57) seq = seq * 10 + (buf[i++] - 48);
    const leafAt = i + LEAF_PREFIX.length;
    const chainAt = leafAt + 64 + CHAIN_PREFIX.length;
    const bodyAt = chainAt + 64 + EVENT_PREFIX.length;
    const wellFormed =
      i > digitsFrom &&
      i - digitsFrom <= 15 &&
      startsWith(buf, i, LEAF_PREFIX) &&
      startsWith(buf, leafAt + 64, CHAIN_PREFIX) &&
      startsWith(buf, chainAt + 64, EVENT_PREFIX) &&
      bodyAt < end - 1 &&
      buf[end - 1] === 125; // '}'
    if (!wellFormed) throw new Failure(this.lineNo, i > digitsFrom ? seq : null, 'malformed event line');
    if (seq !== expectedSeq) {
      const why = seq < expectedSeq ? 'a duplicated or reordered entry' : 'an entry is missing before it';
      throw new Failure(this.lineNo, seq, `seq ${seq} where ${expectedSeq} was expected: ${why}`);
    }
    // Hash 0x00 ‖ body in one call: the ':' just before the body becomes the 0x00 prefix.
    buf[bodyAt - 1] = 0;
    const leaf = sha256(buf.subarray(bodyAt - 1, end - 1));
    if (!hexEquals(leaf, buf, leafAt)) {
      throw new Failure(this.lineNo, seq, 'the event bytes do not match their leaf hash: the entry was edited');
    }
    this.pair.set(this.prev, 0);
    this.pair.set(leaf, 32);
    const chain = sha256(this.pair);
    if (!hexEquals(chain, buf, chainAt)) {
      throw new Failure(this.lineNo, seq, 'the chain hash does not follow from the previous entry: an entry was removed, inserted or reordered');
    }
    this.prev = chain;
    this.nextSeq += 1;
    this.events += 1;
    if (this.expected.size) this.checkExpected();
  }

  onCheckpoint(text) {
    let cp;
    try {
      cp = parseCheckpoint(text);
    } catch {
      throw new Failure(this.lineNo, null, 'malformed checkpoint line');
    }
    try {
      this.checkSigned(cp);
    } catch (error) {
      throw new Failure(this.lineNo, cp.size, `checkpoint for size ${cp.size}: ${error.message}`);
    }
    if (cp.size !== this.size) {
      const missing = cp.size === this.size + 1 ? `entry ${cp.size} is missing` : `entries ${this.size + 1}–${cp.size} are missing`;
      const why = cp.size > this.size ? missing : 'entries were added after it';
      throw new Failure(this.lineNo, cp.size > this.size ? this.size + 1 : cp.size, `checkpoint for size ${cp.size} follows seq ${this.size}: ${why}`);
    }
    if (cp.headHash !== this.prev.toString('hex')) {
      throw new Failure(this.lineNo, cp.size, `checkpoint for size ${cp.size} signs a different head than the recomputed chain: entries up to ${cp.size} were changed`);
    }
    this.checkpoints += 1;
    this.lastCheckpointSize = cp.size;
  }

  finish() {
    if (!this.header) throw new Failure(0, null, 'the export is empty');
    const last = this.size;
    if (this.events === 0) throw new Failure(this.lineNo, null, 'the export holds no events');
    if (last !== this.header.toSeq) {
      throw new Failure(this.lineNo, last + 1, `the export ends at seq ${last} but its header says ${this.header.toSeq}: it was truncated`);
    }
    if (this.lastCheckpointSize !== last) {
      throw new Failure(this.lineNo, last, `no checkpoint covers the end of the export (seq ${last}); the last covers ${Math.max(this.lastCheckpointSize, 0)}`);
    }
    if (last < this.minSize) throw new Failure(this.lineNo, last, `the log ends at ${last}, below the ${this.minSize} already seen: rolled back`);
    for (const size of this.expected.keys()) {
      if (size > last) throw new Failure(this.lineNo, last, `an earlier checkpoint has size ${size} but the log ends at ${last}: rolled back`);
    }
    return { ok: true, events: this.events, checkpoints: this.checkpoints, fromSeq: this.header.fromSeq, toSeq: last, headHash: this.prev.toString('hex') };
  }
}

/**
 * Verifies an export file. Options: trustedKeys (raw Ed25519 keys, base64url, see
 * rawKeyOfPem), minSize, priorCheckpoints (checkpoint lines seen before). Resolves to
 * { ok: true, events, checkpoints, fromSeq, toSeq, headHash } or { ok: false, line, seq, reason }.
 */
export async function verifyAuditExport(path, options = {}) {
  const verifier = new Verifier(options);
  try {
    let carry = null; // the start of a line cut by the chunk boundary
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
      let start = 0;
      if (carry) {
        const nl = chunk.indexOf(10);
        const joined = Buffer.concat([carry, nl === -1 ? chunk : chunk.subarray(0, nl)]);
        if (nl === -1) {
          carry = joined;
          continue;
        }
        verifier.line(joined, 0, joined.length);
        start = nl + 1;
      }
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        verifier.line(chunk, start, nl);
        start = nl + 1;
      }
      carry = start < chunk.length ? chunk.subarray(start) : null;
    }
    if (carry) verifier.line(carry, 0, carry.length);
    return verifier.finish();
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return { ok: false, line: error.line, seq: error.seq, reason: error.message, events: verifier.events, checkpoints: verifier.checkpoints };
  }
}

const USAGE = 'usage: modelgate verify-audit <export.jsonl> [--key <public.pem>]... [--min-size N] [--checkpoint <file>]...';

function parseArgs(argv) {
  const opts = { file: null, keys: [], minSize: 0, checkpoints: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--key') opts.keys.push(value());
    else if (arg === '--checkpoint') opts.checkpoints.push(value());
    else if (arg === '--min-size') {
      opts.minSize = Number(value());
      if (!Number.isSafeInteger(opts.minSize) || opts.minSize < 0) throw new Error('--min-size takes a whole number');
    } else if (arg.startsWith('--') || opts.file) throw new Error(`unexpected argument ${arg}`);
    else opts.file = arg;
  }
  if (!opts.file) throw new Error('no export file given');
  return opts;
}

/** CLI entry: prints one summary line; returns 0 (verified), 1 (not verified) or 2 (usage). */
export async function main(argv) {
  let opts;
  let options;
  try {
    opts = parseArgs(argv);
    options = {
      trustedKeys: opts.keys.map((file) => rawKeyOfPem(readFileSync(file, 'utf8'))),
      minSize: opts.minSize,
      // A checkpoint file holds one checkpoint line (as copied from an earlier export).
      priorCheckpoints: opts.checkpoints.map((file) => readFileSync(file, 'utf8').trim()),
    };
    accessSync(opts.file, constants.R_OK);
  } catch (error) {
    console.error(`verify-audit: ${error.message}\n${USAGE}`);
    return 2;
  }
  const result = await verifyAuditExport(opts.file, options);
  if (result.ok) {
    console.log(`verified: ${result.events} events (seq ${result.fromSeq}–${result.toSeq}), ${result.checkpoints} checkpoints, head ${result.headHash}`);
    return 0;
  }
  const where = `line ${result.line}${result.seq === null ? '' : ` (seq ${result.seq})`}`;
  console.log(`NOT VERIFIED at ${where}: ${result.reason}`);
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
