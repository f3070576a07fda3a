import Link from 'next/link';
import { z } from 'zod';
import { orNotFound, pageContext } from '../models/_components/page-context';
import { findLineageNode } from '@/server/services/lineage';
import { KIND_LABELS } from './_components/kind-labels';
import { LineageGraph } from './_components/lineage-graph';

const ZNodeIds = z.array(z.uuid()).min(1).max(50);

/**
 * `/lineage?node=<id>[,<id>…]`: the lineage graph around one node or a set. A node the reader may
 * not see is a 404, as for any page.
 */
export default async function LineagePage({ searchParams }: { searchParams: Promise<{ node?: string; depth?: string }> }) {
  const query = await searchParams;
  const { ctx, ability } = await pageContext(`/lineage${query.node ? `?node=${query.node}` : ''}`);
  if (!ability.can('read', 'Lineage')) return <p className="error">You have no access to lineage.</p>;
  const ids = ZNodeIds.safeParse((query.node ?? '').split(',').filter(Boolean));
  if (!ids.success) {
    return (
      <section className="stack">
        <h1>Lineage</h1>
        <p className="muted">
          Open the lineage of a model version or a dataset from its page, or give node ids: <code>/lineage?node=&lt;id&gt;</code>.
        </p>
      </section>
    );
  }
  const nodes = await Promise.all(ids.data.map((id) => orNotFound(findLineageNode(ctx, { id }))));
  const depth = Math.min(Math.max(Number(query.depth) || 3, 1), 20);
  return (
    <section className="stack">
      <h1>Lineage of {nodes.map((n) => n.label).join(', ')}</h1>
      <p className="muted">
        {nodes.map((n) => (
          <span key={n.id}>
            {KIND_LABELS[n.kind] ?? n.kind}: <Link href={n.href}>{n.label}</Link>{' '}
          </span>
        ))}
        · inputs on the left, what was made from them on the right; + and − load or hide one more hop.
      </p>
      <LineageGraph startIds={nodes.map((n) => n.id)} depth={depth} />
    </section>
  );
}
