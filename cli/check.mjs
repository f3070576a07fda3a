// modelgate check: a pipeline's deploy gate. Asks the portal for a model version's approval
// status in an environment and exits 0 only when it is approved and its attestation verifies
// offline (cli/verify-attestation.mjs) against the served JWKS or a saved one (--jwks).
// Exit codes: 0 approved, 1 not approved (the reason on stderr), 2 error (usage, network, HTTP).
// MODELGATE_URL is the portal; MODELGATE_TOKEN an API token with the approvals:read scope.
import { readFileSync } from 'node:fs';
import { verifyAttestation } from './verify-attestation.mjs';
import { parseModelVersionArgs } from './model-version-args.mjs';

const USAGE = `usage: modelgate check <model> <version> --env <environment> [options]
  --env NAME               the environment, e.g. production (required)
  --jwks FILE              verify against this saved JWKS instead of the portal's /attestations/jwks
  --artifact-sha256 HEX    also require the attestation to be for this artifact digest
  --json                   print the whole status as JSON instead of the attestation
env: MODELGATE_URL, MODELGATE_TOKEN`;

class CheckError extends Error {}

async function getJson(base, path, token) {
  let res;
  try {
    res = await fetch(new URL(`/api/v1${path}`, base), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new CheckError(`cannot reach ${base}: ${error.cause?.message ?? error.message}`);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new CheckError(`${res.status} from ${path}: ${body?.error?.message ?? res.statusText}`);
  return body;
}

export async function main(argv) {
  const args = parseModelVersionArgs(argv, USAGE, { jwks: { type: 'string' }, 'artifact-sha256': { type: 'string' }, json: { type: 'boolean' } });
  if ('exit' in args) return args.exit;
  const { model, version, values, base } = args;
  try {
    const token = process.env.MODELGATE_TOKEN;
    const path = `/models/${encodeURIComponent(model)}/versions/${version}/approvals/${encodeURIComponent(values.env)}`;
    const status = await getJson(base, path, token);
    if (status.status !== 'approved') {
      const why = status.status === 'revoked' ? `revoked: ${status.revokeReason}` : status.reasons?.at(-1) ?? 'no promotion request';
      console.error(`${model} v${version} is not approved for ${values.env}: ${status.status}${why ? ` (${why})` : ''}`);
      return 1;
    }
    const jwks = values.jwks ? JSON.parse(readFileSync(values.jwks, 'utf8')) : await getJson(base, '/attestations/jwks', null);
    const result = verifyAttestation(status.attestation, jwks, {
      model: status.model,
      version: Number(version),
      environment: values.env,
      artifactSha256: values['artifact-sha256'] ?? status.artifactSha256,
    });
    if (!result.ok) {
      console.error(`${model} v${version} is marked approved for ${values.env}, but its attestation does not verify: ${result.code}: ${result.reason}`);
      return 1;
    }
    console.log(JSON.stringify(values.json ? status : status.attestation, null, 2));
    const approvers = status.approvers.map((a) => a.email).join(', ');
    console.error(`${model} v${version} is approved for ${values.env} until ${status.expiresAt} by ${approvers}; attestation verified (key ${result.keyIds.join(', ')})`);
    return 0;
  } catch (error) {
    console.error(error instanceof CheckError || error instanceof SyntaxError ? error.message : String(error));
    return 2;
  }
}
