// HTTP load generator for bench/approvals.ts, run in its own process so the server under test
// does not share its event loop with the client: `tsx bench/approvals-load.ts <json>` with
// {url, headers, connections, seconds}. CONNECTIONS keep-alive sockets each send one GET at a time
// for SECONDS (after a one-second warm-up) and it prints one JSON line: requests/s, p50/p99 in ms,
// non-2xx answers, and the request counts of both phases (the caller divides its CPU time by them).
import { Agent, request } from 'node:http';

interface TLoadSpec {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  warmupSeconds?: number;
}

const spec = JSON.parse(process.argv[2]!) as TLoadSpec;
const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
const target = new URL(spec.url);

function get(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, headers: spec.headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function phase(seconds: number, record: boolean) {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: spec.connections }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const status = await get();
        if (!record) {
          latencies.push(0);
          continue;
        }
        latencies.push(performance.now() - t);
        if (status < 200 || status >= 300) errors++;
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

const warmup = await phase(spec.warmupSeconds ?? 1, false);
const { latencies, errors, seconds } = await phase(spec.seconds, true);
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
console.log(JSON.stringify({ rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors, requests: latencies.length, warmupRequests: warmup.latencies.length }));
agent.destroy();
