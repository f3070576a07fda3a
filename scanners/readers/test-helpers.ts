// Shared by the reader tests: run a reader over bytes held in memory, with OCR that must not be reached unless given.
import { Readable } from 'node:stream';
import { scanFile, type TScanFileOptions } from '../scan-file';
import type { TOcr } from './ocr-pool';
import type { TSource } from './source';

export const noOcr: TOcr = {
  recognize: () => Promise.reject(new Error('OCR was not expected here')),
};

export function memorySource(name: string, content: string | Uint8Array): TSource {
  const bytes = Buffer.from(content);
  return { name, size: bytes.length, open: () => Readable.from([bytes]) };
}

export function scanBytes(name: string, content: string | Uint8Array, options: Partial<TScanFileOptions> = {}) {
  return scanFile(memorySource(name, content), { ocr: noOcr, ...options });
}

/** Rejects with a ReadError of this code. */
export const readError = (code: string) => (error: unknown) => (error as { name?: string; code?: string }).name === 'ReadError' && (error as { code?: string }).code === code;
