import { getDatabase } from '../runtime';
import { getArtifactStore } from '../storage/runtime-store';
import { ServingRuntime } from './runtime';

// One runtime per environment per process, on globalThis like the database (Next.js may load
// this module in several route chunks; they must share the sessions and the listener).
const holder = globalThis as { __modelgateServing?: Map<string, Promise<ServingRuntime>> };

/**
 * The process's serving runtime for an environment, started on first use: how the portal mounts
 * the serving layer for the single-machine default. A failed start (no such environment) is not
 * kept, so the next call tries again.
 */
export function getServingRuntime(environment: string): Promise<ServingRuntime> {
  const runtimes = (holder.__modelgateServing ??= new Map());
  let runtime = runtimes.get(environment);
  if (!runtime) {
    runtime = (async () => ServingRuntime.start(await getDatabase(), environment, { store: await getArtifactStore() }))();
    runtimes.set(environment, runtime);
    runtime.catch(() => runtimes.delete(environment));
  }
  return runtime;
}

/** Stops every runtime of the process (tests, shutdown); their sessions are released once idle. */
export async function closeServingRuntimes(): Promise<void> {
  const runtimes = holder.__modelgateServing;
  if (!runtimes) return;
  holder.__modelgateServing = undefined;
  await Promise.all([...runtimes.values()].map((r) => r.then((runtime) => runtime.close()).catch(() => {})));
}
