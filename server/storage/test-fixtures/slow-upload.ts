// Run by local-artifact-store.test.ts: starts an upload that never finishes and reports each
// chunk on stdout, so the test can SIGKILL this process mid-write.
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalArtifactStore } from '../local-artifact-store';

async function* endlessBytes() {
  for (;;) {
    yield Buffer.alloc(4096, 0x5a);
    // Generators resume only after the store has written the previous chunk.
    process.stdout.write('written\n');
    await sleep(50);
  }
}

await new LocalArtifactStore(process.argv[2] ?? '').put(endlessBytes());
