import { and, asc, gte, lte } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { auditEvents } from '@/db/schema';

/**
 * Yields every row of a keyset-paged query: `fetchPage(last)` returns the page after `last`
 * (the first page when undefined). Streams the log without loading it.
 */
export async function* keysetPaged<T>(fetchPage: (last: T | undefined) => Promise<T[]>, pageSize: number): AsyncGenerator<T> {
  let last: T | undefined;
  for (;;) {
    const page = await fetchPage(last);
    yield* page;
    if (page.length < pageSize) return;
    last = page[page.length - 1];
  }
}

export interface TStoredEvent {
  seq: number;
  body: string;
  leafHash: string;
  prevHash: string;
  chainHash: string;
}

/** Stored events with seq in [fromSeq, toSeq], in order, a page at a time. */
export function storedEventsBetween(db: TDbOrTx, fromSeq: number, toSeq: number, pageSize = 2_000) {
  const e = auditEvents;
  return keysetPaged<TStoredEvent>(
    (last) =>
      db
        .select({ seq: e.seq, body: e.body, leafHash: e.leafHash, prevHash: e.prevHash, chainHash: e.chainHash })
        .from(e)
        .where(and(gte(e.seq, last ? last.seq + 1 : fromSeq), lte(e.seq, toSeq)))
        .orderBy(asc(e.seq))
        .limit(pageSize),
    pageSize,
  );
}
