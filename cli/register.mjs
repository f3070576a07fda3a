// modelgate register: registers a model version through the REST API, streaming the artifact
// (never read into memory), and prints the version number and the artifact's SHA-256.
// MODELGATE_URL is the portal (e.g. https://modelgate.example.com); MODELGATE_TOKEN an API
// token with the models:write scope (and datasets:read to link training data with --trained-on).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `usage: modelgate register <model> <artifact> [options]
  --train-commit SHA      training code commit (40 hex); or --train-hash SHA256 of the code
  --predict-commit SHA    prediction code commit (40 hex); or --predict-hash SHA256
  --repo URL              repository of both (or --train-repo / --predict-repo)
  --metrics FILE          JSON object of metric → finite number
  --params FILE           JSON object of parameter → string, number or boolean
  --deps FILE             JSON object of library → version
  --lockfile FILE         the dependency lockfile; its SHA-256 is recorded
  --intended-use TEXT     model card: what the model is for
  --limitations TEXT      model card: where it should not be trusted
  --ethical TEXT          model card: ethical considerations
  --model-card FILE       the model card as JSON {intendedUse, limitations, ethicalConsiderations}
  --trained-on REF        a dataset version it was trained on: its id, or dataset@version
                          (dataset name or id); repeat for several. Confidential or restricted
                          data needs your live access grant (refused: grant_required)
  --format onnx|other     default onnx (loaded and checked by the server)
  --json                  print the registered version as JSON
env: MODELGATE_URL, MODELGATE_TOKEN`;

const OPTIONS = {
  'train-commit': { type: 'string' },
  'train-hash': { type: 'string' },
  'train-repo': { type: 'string' },
  'predict-commit': { type: 'string' },
  'predict-hash': { type: 'string' },
  'predict-repo': { type: 'string' },
  repo: { type: 'string' },
  metrics: { type: 'string' },
  params: { type: 'string' },
  deps: { type: 'string' },
  lockfile: { type: 'string' },
  'intended-use': { type: 'string' },
  limitations: { type: 'string' },
  ethical: { type: 'string' },
  'model-card': { type: 'string' },
  format: { type: 'string' },
  'trained-on': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
};

class UsageError extends Error {}

function readJson(path, what) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${what} ${path}: ${error.message}`);
  }
}

function codeRef(values, prefix) {
  const hash = values[`${prefix}-hash`];
  if (hash) return { contentSha256: hash };
  const commit = values[`${prefix}-commit`];
  const repository = values[`${prefix}-repo`] ?? values.repo;
  if (!commit || !repository) throw new UsageError(`give --${prefix}-commit with --repo (or --${prefix}-repo), or --${prefix}-hash`);
  return { repository, commit };
}

/** "uuid" → the id; "name@3" → { dataset: "name", version: 3 }. */
export function trainingDataRef(text) {
  const at = text.lastIndexOf('@');
  if (at < 0) return text;
  const version = Number(text.slice(at + 1));
  if (at === 0 || !Number.isInteger(version) || version < 1) throw new UsageError(`--trained-on ${text}: give a dataset version id or dataset@version`);
  return { dataset: text.slice(0, at), version };
}

/** The version's metadata from the command line, in the shape the API validates. */
export function metadataFrom(values) {
  const card = values['model-card'] ? readJson(values['model-card'], 'model card') : {};
  return {
    format: values.format ?? 'onnx',
    trainingCode: codeRef(values, 'train'),
    predictionCode: codeRef(values, 'predict'),
    dependencies: values.deps ? readJson(values.deps, 'dependencies') : {},
    ...(values.lockfile ? { lockfileSha256: createHash('sha256').update(readFileSync(values.lockfile)).digest('hex') } : {}),
    parameters: values.params ? readJson(values.params, 'parameters') : {},
    metrics: values.metrics ? readJson(values.metrics, 'metrics') : {},
    trainingData: (values['trained-on'] ?? []).map(trainingDataRef),
    modelCard: {
      intendedUse: values['intended-use'] ?? card.intendedUse ?? '',
      limitations: values.limitations ?? card.limitations ?? '',
      ethicalConsiderations: values.ethical ?? card.ethicalConsiderations ?? '',
    },
  };
}

/**
 * POSTs metadata and artifact as multipart/form-data, streaming the file from disk. The
 * length is known up front, so the server can refuse an oversized upload before it starts.
 */
export async function uploadVersion({ url, token, model, artifactPath, metadata }) {
  const boundary = `modelgate-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="metadata"\r\ncontent-type: application/json\r\n\r\n` +
      `${JSON.stringify(metadata)}\r\n` +
      `--${boundary}\r\ncontent-disposition: form-data; name="artifact"; filename="artifact"\r\ncontent-type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = statSync(artifactPath).size;
  async function* parts() {
    yield head;
    yield* createReadStream(artifactPath, { highWaterMark: 1024 * 1024 });
    yield tail;
  }
  const res = await fetch(`${url.replace(/\/$/, '')}/api/v1/models/${encodeURIComponent(model)}/versions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + size + tail.length),
    },
    body: ReadableStream.from(parts()),
    duplex: 'half',
  });
  const body = await res.json().catch(() => ({ error: { code: 'bad_response', message: `HTTP ${res.status} without a JSON body` } }));
  return { status: res.status, body };
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
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [model, artifactPath] = positionals;
  const url = process.env.MODELGATE_URL;
  const token = process.env.MODELGATE_TOKEN;
  if (!model || !artifactPath || positionals.length > 2) {
    console.error(USAGE);
    return 2;
  }
  if (!url || !token) {
    console.error('Set MODELGATE_URL and MODELGATE_TOKEN (an API token with the models:write scope).');
    return 2;
  }
  let metadata;
  try {
    statSync(artifactPath);
    metadata = metadataFrom(values);
  } catch (error) {
    console.error(error instanceof UsageError ? error.message : `cannot read ${artifactPath}: ${error.message}`);
    return 2;
  }
  const { status, body } = await uploadVersion({ url, token, model, artifactPath, metadata });
  if (status !== 201) {
    console.error(`refused (HTTP ${status}) ${body.error?.code}: ${body.error?.message}`);
    return 1;
  }
  if (values.json) console.log(JSON.stringify(body, null, 2));
  else {
    console.log(`registered ${body.modelName} version ${body.version}\nsha256 ${body.artifactSha256}`);
    for (const d of body.trainingData ?? []) console.log(`trained on ${d.visible ? `${d.datasetName} v${d.number} (${d.classification ?? 'not yet classified'})` : d.datasetVersionId}`);
  }
  return 0;
}
