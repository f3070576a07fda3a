#!/usr/bin/env node
// `npm run start:demo`: builds the portal and starts it on http://localhost:3000 with the
// embedded PGlite database in .data/ (demo data is seeded on the first start).
// Set DATABASE_URL to use PostgreSQL instead; PORT to change the port.
import { spawn, spawnSync } from 'node:child_process';

const port = process.env.PORT ?? '3000';
// A larger young generation: dataset scans allocate many short-lived strings, and with V8's default
// the scanner's CPU time varies by a third from run to run (bench/scan.ts runs with the same flag).
const nodeOptions = `--max-semi-space-size=32 ${process.env.NODE_OPTIONS ?? ''}`.trim();
const env = { ...process.env, NODE_OPTIONS: nodeOptions, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}` };
const next = ['node_modules/next/dist/bin/next'];

const build = spawnSync(process.execPath, [...next, 'build'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

console.log(`\nModelgate on http://localhost:${port} (${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite in .data/'}).`);
console.log('Demo users sign in with the password modelgate-demo: see README.md.\n');
const server = spawn(process.execPath, [...next, 'start', '-p', port], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
