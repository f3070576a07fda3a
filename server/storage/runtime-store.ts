import { join } from 'node:path';
import { env } from '../env';
import type { ArtifactStore } from './artifact-store';
import { LocalArtifactStore } from './local-artifact-store';

// One store per process, on globalThis like the database (Next.js dev reloads modules).
const holder = globalThis as { __modelgateArtifactStore?: Promise<ArtifactStore> };

/**
 * The process's artifact store under the data directory. On first use it removes temp files
 * that crashed uploads left behind; the age threshold spares live uploads of other instances.
 */
export function getArtifactStore(): Promise<ArtifactStore> {
  holder.__modelgateArtifactStore ??= (async () => {
    const settings = env();
    const store = new LocalArtifactStore(join(settings.MODELGATE_DATA_DIR, 'artifacts'), {
      maxBytes: settings.MODELGATE_MAX_ARTIFACT_BYTES,
    });
    await store.sweepTempFiles(settings.MODELGATE_UPLOAD_TEMP_TTL_MS);
    return store;
  })();
  return holder.__modelgateArtifactStore;
}
