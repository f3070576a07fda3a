// modelgate dataset push: uploads a file as the next version of a dataset through the REST API
// (streamed, never read into memory), follows its PII scan and prints the classification.
// MODELGATE_URL is the portal; MODELGATE_TOKEN an API token with the datasets:write scope.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const USAGE = `usage: modelgate dataset push <file> --dataset <name> [options]
  --team NAME       the dataset's team, when several teams have a dataset of that name
  --no-wait         do not wait for the scan
  --json            print the scanned version as JSON
exit codes: 0 scanned, 1 refused or scan failed, 2 usage
env: MODELGATE_URL, MODELGATE_TOKEN`;

const OPTIONS = { dataset: { type: 'string' }, team: { type: 'string' }, 'no-wait': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' } };

function api(url, token) {
  return async (path, init = {}) => {
    const res = await fetch(`${url.replace(/\/$/, '')}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
    const body = await res.json().catch(() => ({ error: { code: 'bad_response', message: `HTTP ${res.status} without a JSON body` } }));
    return { status: res.status, body };
  };
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

async function findDataset(call, name, team) {
  const { status, body } = await call(`/datasets?name=${encodeURIComponent(name)}`);
  if (status !== 200) throw new Error(`${body.error?.code}: ${body.error?.message}`);
  const matches = body.datasets.filter((d) => !team || d.teamName.toLowerCase() === team.toLowerCase());
  if (matches.length === 0) throw new Error(`no dataset named ${name}${team ? ` in team ${team}` : ''} that this token can see`);
  if (matches.length > 1) throw new Error(`several teams have a dataset named ${name} (${matches.map((d) => d.teamName).join(', ')}): add --team`);
  return matches[0];
}

/** Polls the scan, printing progress (one updating line on a terminal, a line per 10% otherwise). */
async function followScan(call, versionId) {
  let lastShown = -1;
  for (;;) {
    const { status, body } = await call(`/dataset-versions/${versionId}/scan`);
    if (status !== 200) throw new Error(`${body.error?.code}: ${body.error?.message}`);
    const scan = body.scan;
    if (scan && !['queued', 'running'].includes(scan.status)) {
      if (process.stderr.isTTY) process.stderr.write('\n');
      return body;
    }
    const percent = scan?.bytesTotal ? Math.floor((scan.bytesRead / scan.bytesTotal) * 100) : 0;
    const line = `scan ${scan?.status ?? 'queued'} ${percent}% (${mb(scan?.bytesRead ?? 0)} of ${mb(scan?.bytesTotal ?? 0)})`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}   `);
    else if (Math.floor(percent / 10) !== lastShown) console.error(line);
    lastShown = Math.floor(percent / 10);
    await sleep(1000);
  }
}

export async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) return console.log(USAGE), 0;
  const [sub, file, ...rest] = positionals;
  if (sub !== 'push' || !file || rest.length || !values.dataset) return console.error(USAGE), 2;
  const url = process.env.MODELGATE_URL;
  const token = process.env.MODELGATE_TOKEN;
  if (!url || !token) return console.error('Set MODELGATE_URL and MODELGATE_TOKEN (an API token with the datasets:write scope).'), 2;
  let size;
  try {
    size = statSync(file).size;
  } catch (error) {
    return console.error(`cannot read ${file}: ${error.message}`), 2;
  }
  const call = api(url, token);
  try {
    const dataset = await findDataset(call, values.dataset, values.team);
    const metadata = Buffer.from(JSON.stringify({ fileName: basename(file) })).toString('base64url');
    const uploaded = await call(`/datasets/${dataset.id}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size), 'modelgate-metadata': metadata },
      body: Readable.toWeb(createReadStream(file)),
      duplex: 'half',
    });
    if (uploaded.status !== 201) {
      console.error(`refused (HTTP ${uploaded.status}) ${uploaded.body.error?.code}: ${uploaded.body.error?.message}`);
      return 1;
    }
    const version = uploaded.body;
    console.log(`uploaded ${dataset.name} v${version.number} (${version.format}, ${mb(version.sizeBytes)})\nsha256 ${version.sha256}`);
    if (values['no-wait']) return 0;
    const { classification, scan } = await followScan(call, version.id);
    if (scan.status !== 'completed') {
      console.error(`scan ${scan.status}${scan.errorCode ? `: ${scan.errorCode}: ${scan.errorMessage}` : ''}`);
      return 1;
    }
    if (values.json) console.log(JSON.stringify((await call(`/dataset-versions/${version.id}`)).body, null, 2));
    else console.log(`classification ${classification}\n${(scan.reasons ?? []).slice(0, 5).map((r) => `  ${r}`).join('\n')}`);
    return 0;
  } catch (error) {
    console.error(error.message);
    return 1;
  }
}
