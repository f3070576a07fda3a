'use client';
import { useQueries } from '@tanstack/react-query';
import Link from 'next/link';
import { errorMessage, useTRPC } from '@/lib/trpc-client';
import type { TLineageNodeKind } from '@/db/schema/lineage';
import { LineageGraph } from './lineage-graph';

/**
 * The lineage part of a model version or dataset page: the graph around the page's own rows
 * (one model version, or every version of a dataset) and a link to the full lineage view.
 */
export function LineageSection({ kind, subjectIds, title = 'Lineage' }: { kind: TLineageNodeKind; subjectIds: string[]; title?: string }) {
  const trpc = useTRPC();
  const lookups = useQueries({ queries: subjectIds.map((subjectId) => trpc.lineage.node.queryOptions({ kind, subjectId })) });
  const failed = lookups.find((q) => q.error);
  // A node outside what the reader may see (another team's lineage) is not found: say so plainly.
  const notVisible = (failed?.error as { data?: { appCode?: string } } | undefined)?.data?.appCode === 'not_found';
  const ids = lookups.flatMap((q) => (q.data ? [q.data.id] : []));
  return (
    <section className="stack" aria-label="Lineage">
      <h2>{title}</h2>
      {subjectIds.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : notVisible ? (
        <p className="muted">No lineage you may see.</p>
      ) : failed ? (
        <p role="alert" className="error">{errorMessage(failed.error)}</p>
      ) : ids.length < subjectIds.length ? (
        <p className="muted">Loading lineage…</p>
      ) : (
        <>
          <LineageGraph startIds={ids} depth={subjectIds.length > 1 ? 1 : 2} height={380} showTable={false} />
          <Link href={`/lineage?node=${ids.join(',')}`}>Open the full lineage view</Link>
        </>
      )}
    </section>
  );
}
