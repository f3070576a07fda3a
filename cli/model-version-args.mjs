// The arguments `modelgate check` and `modelgate deploy` share: `<model> <version> --env NAME`
// plus their own options, and the portal address from MODELGATE_URL.
import { parseArgs } from 'node:util';

/**
 * Returns `{ model, version, values, base }`, or `{ exit }` after printing why (0 for --help,
 * 2 for a usage error or a missing MODELGATE_URL).
 */
export function parseModelVersionArgs(argv, usage, options) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, env: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (error) {
    console.error(`${error.message}\n${usage}`);
    return { exit: 2 };
  }
  const { values, positionals } = parsed;
  const [model, version] = positionals;
  if (values.help || !model || !version || !values.env || positionals.length !== 2 || !/^\d+$/.test(version)) {
    console.error(usage);
    return { exit: values.help ? 0 : 2 };
  }
  const base = process.env.MODELGATE_URL;
  if (!base) {
    console.error('set MODELGATE_URL to the portal address');
    return { exit: 2 };
  }
  return { model, version, values, base };
}
