// OCR with a pool of tesseract.js workers, one per core. Language data comes from the
// @tesseract.js-data/eng package in node_modules and is never downloaded or cached elsewhere.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createScheduler, createWorker, OEM, type Scheduler } from 'tesseract.js';

export interface TOcr {
  /** The text of a PNG or JPEG image. */
  recognize(image: Buffer): Promise<string>;
}

export interface TOcrPool extends TOcr {
  readonly size: number;
  close(): Promise<void>;
}

/** The LSTM model folder of @tesseract.js-data/eng (eng.traineddata.gz). */
function languagePath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/** Workers start on first use and stop after `idleMs` without work, so an idle portal holds no OCR memory. */
export function createOcrPool({ size = availableParallelism(), idleMs = 60_000 } = {}): TOcrPool {
  let scheduler: Promise<Scheduler> | undefined;
  let idle: NodeJS.Timeout | undefined;
  let running = 0;

  const start = async () => {
    const s = createScheduler();
    const langPath = languagePath();
    const workers = await Promise.all(
      Array.from({ length: size }, () => createWorker('eng', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true })),
    );
    for (const w of workers) s.addWorker(w);
    return s;
  };
  const close = async () => {
    clearTimeout(idle);
    const s = scheduler;
    scheduler = undefined;
    if (s) await (await s).terminate();
  };

  return {
    size,
    close,
    async recognize(image) {
      clearTimeout(idle);
      running++;
      try {
        scheduler ??= start().catch((error: unknown) => {
          scheduler = undefined;
          throw error;
        });
        const result = await (await scheduler).addJob('recognize', image);
        return result.data.text;
      } finally {
        if (--running === 0) idle = setTimeout(() => void close(), idleMs).unref();
      }
    },
  };
}
