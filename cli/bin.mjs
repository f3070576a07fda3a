#!/usr/bin/env node
// The `modelgate` command: a table of subcommands, each a module exporting main(argv) → exit code.
const COMMANDS = {
  'verify-audit': { module: './verify-audit.mjs', help: 'verify an audit export offline' },
  'verify-attestation': { module: './verify-attestation.mjs', help: 'verify an approval attestation offline against a JWKS' },
  register: { module: './register.mjs', help: 'register a model version: upload its artifact with metadata' },
  dataset: { module: './dataset.mjs', help: 'dataset push <file> --dataset <name>: upload a version, follow its PII scan' },
  check: { module: './check.mjs', help: 'check <model> <version> --env <env>: exit 0 only when approved (attestation verified)' },
  worker: { module: './worker.mjs', help: 'run the background job workers (dataset scans) in this process' },
  serve: { module: './serve.mjs', help: 'serve --env <env> [--port 8080]: the serving layer (deployed ONNX versions) as its own process' },
  deploy: { module: './deploy.mjs', help: 'deploy <model> <version> --env <env>: record a deployment of an approved version' },
};

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  const list = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(16)}${c.help}`).join('\n');
  console.error(`${name ? `unknown command: ${name}\n` : ''}usage: modelgate <command> [args]\n${list}`);
  process.exitCode = 2;
} else {
  const { main } = await import(command.module);
  process.exitCode = await main(args);
}
