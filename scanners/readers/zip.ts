// Zip archives, member by member. Limits hold on the bytes actually inflated, not only on what
// the headers claim: entry count, total size, compression ratio; names with ../ or an absolute
// path are refused, and so are archives inside archives.
import { Transform, type Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ReadError } from './errors';
import type { TReadContext, TReadEvent, TSource } from './source';

type TReadAny = (source: TSource, ctx: TReadContext) => AsyncGenerator<TReadEvent>;

const UNSAFE_NAME = /^(invalid relative path|absolute path|invalid characters in fileName)/;

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) =>
      error ? reject(new ReadError('zip_unreadable', `Not a zip archive we can read: ${error.message}`)) : resolve(zip),
    ),
  );
}

/** Entries one at a time; yauzl's own name checks surface as zip_unsafe_path. */
async function* entries(zip: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    const next = await new Promise<Entry | null>((resolve, reject) => {
      const cleanup = () => zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      zip.once('entry', (e: Entry) => (cleanup(), resolve(e)));
      zip.once('end', () => (cleanup(), resolve(null)));
      zip.once('error', (error: Error) => {
        cleanup();
        reject(UNSAFE_NAME.test(error.message)
          ? new ReadError('zip_unsafe_path', `The archive holds an entry with an unsafe name (${error.message}); it was not extracted.`)
          : new ReadError('zip_unreadable', `The archive is damaged: ${error.message}`));
      });
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

export function createZipReader(readAny: TReadAny) {
  return async function* readZip(source: TSource, ctx: TReadContext): AsyncGenerator<TReadEvent> {
    if (!source.path) throw new ReadError('zip_nested', `${source.name} is an archive inside an archive; unpack it and upload its contents.`);
    const { limits } = ctx;
    const zip = await openZip(source.path);
    let inflated = 0;
    try {
      if (zip.entryCount > limits.zipMaxEntries) {
        throw new ReadError('zip_too_many_entries', `The archive has ${zip.entryCount} entries; the limit is ${limits.zipMaxEntries}.`);
      }
      let declared = 0;
      for await (const entry of entries(zip)) {
        ctx.signal?.throwIfAborted();
        if (entry.fileName.endsWith('/')) continue;
        declared += entry.uncompressedSize;
        if (declared > limits.zipMaxTotalBytes) throw bomb('zip_too_large', `The archive unpacks to more than ${limits.zipMaxTotalBytes} bytes.`);
        if (entry.uncompressedSize > limits.zipMaxRatio * Math.max(entry.compressedSize, 1)) {
          throw bomb('zip_ratio_exceeded', `${entry.fileName} claims ${entry.uncompressedSize} bytes from ${entry.compressedSize} compressed (ratio over ${limits.zipMaxRatio}).`);
        }
        const member: TSource = {
          name: entry.fileName,
          size: entry.uncompressedSize,
          open: () => openMember(zip, entry, (n) => {
            inflated += n;
            if (inflated > limits.zipMaxTotalBytes) throw bomb('zip_too_large', `The archive inflates to more than ${limits.zipMaxTotalBytes} bytes.`);
          }),
        };
        yield* readAny(member, { ...ctx, onBytes: () => {}, member: entry.fileName });
        ctx.onBytes(entry.compressedSize);
      }
    } finally {
      zip.close();
    }
  };
}

function bomb(code: 'zip_too_large' | 'zip_ratio_exceeded', message: string) {
  return new ReadError(code, `${message} This looks like a zip bomb; nothing was extracted past the limit.`);
}

/** A member's bytes, counted as they inflate (yauzl also checks them against the declared size). */
function openMember(zip: ZipFile, entry: Entry, count: (bytes: number) => void): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(new ReadError('zip_unreadable', `Cannot read ${entry.fileName}: ${error.message}`));
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          try {
            count(chunk.length);
            done(null, chunk);
          } catch (limit) {
            done(limit as Error);
          }
        },
      });
      stream.on('error', (e) => counter.destroy(e.message.includes('too many bytes') ? bomb('zip_ratio_exceeded', `${entry.fileName} inflates past its declared size.`) : e));
      resolve(stream.pipe(counter));
    }),
  );
}
