// modelgate deploy: records that a pipeline deployed (or rolled back to) an approved model
// version in an environment. The portal refuses unless the version's promotion there is
// approved and live; serving processes of that environment switch to it within seconds.
// Exit codes: 0 recorded, 1 refused (the code and reason on stderr), 2 error (usage, network).
// MODELGATE_URL is the portal; MODELGATE_TOKEN an API token with the deployments:write scope.
import { parseModelVersionArgs } from './model-version-args.mjs';

const USAGE = `usage: modelgate deploy <model> <version> --env <environment> [--note TEXT]
  --env NAME     the environment, e.g. production (required)
  --note TEXT    why (a change ticket, the pipeline run)
  --json         print the recorded deployment as JSON
env: MODELGATE_URL, MODELGATE_TOKEN (scope deployments:write)`;

export async function main(argv) {
  const args = parseModelVersionArgs(argv, USAGE, { note: { type: 'string' }, json: { type: 'boolean' } });
  if ('exit' in args) return args.exit;
  const { model, version, values, base } = args;
  const token = process.env.MODELGATE_TOKEN;
  let res;
  try {
    res = await fetch(new URL(`/api/v1/models/${encodeURIComponent(model)}/versions/${version}/deployments`, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ environment: values.env, note: values.note ?? '' }),
    });
  } catch (error) {
    console.error(`cannot reach ${base}: ${error.cause?.message ?? error.message}`);
    return 2;
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    console.error(`${model} v${version} was not deployed to ${values.env}: ${body?.error?.code ?? res.status}: ${body?.error?.message ?? res.statusText}`);
    return res.status === 409 || res.status === 403 ? 1 : 2;
  }
  if (values.json) console.log(JSON.stringify(body, null, 2));
  else console.log(`deployed ${body.model} v${body.version} to ${body.environment} (${body.kind}, deployment ${body.id}; approval valid until ${body.approvalExpiresAt})`);
  return 0;
}
