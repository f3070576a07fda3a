'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc-client';

type TPromotionItem = { id: string; state: string; model: string; version: number; environment: string; requester: string; createdAt: Date };
type TAccessItem = { id: string; dataset: string; requester: string; purpose: string; requestedDays: number; state: string };

function PromotionList({ items, empty }: { items: TPromotionItem[] | undefined; empty: string }) {
  if (!items) return <p className="muted">Loading…</p>;
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul>
      {items.map((p) => (
        <li key={p.id}>
          <Link href={`/promotions/${p.id}`}>
            {p.model} v{p.version} → {p.environment}
          </Link>{' '}
          <span className="badge">{p.state}</span> <span className="muted">by {p.requester}, {p.createdAt.toLocaleString()}</span>
        </li>
      ))}
    </ul>
  );
}

function AccessList({ items, empty }: { items: TAccessItem[] | undefined; empty: string }) {
  if (!items) return <p className="muted">Loading…</p>;
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul>
      {items.map((a) => (
        <li key={a.id}>
          <Link href={`/access#request-${a.id}`}>{a.dataset}</Link> <span className="badge">{a.state}</span>{' '}
          <span className="muted">
            {a.requester}, {a.requestedDays} day(s): {a.purpose}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The dashboard inbox: what waits on me, and my own requests. */
export function GovernanceInbox() {
  const trpc = useTRPC();
  const promotions = useQuery(trpc.promotions.inbox.queryOptions());
  const access = useQuery(trpc.access.inbox.queryOptions());
  return (
    <div className="cards" aria-label="Inbox">
      <div className="card">
        <h2>Waiting on me</h2>
        <h3>Promotions</h3>
        <PromotionList items={promotions.data?.waitingOnMe} empty="No promotion waits on your review." />
        <h3>Data access</h3>
        <AccessList items={access.data?.waitingOnMe} empty="No access request waits on your decision." />
      </div>
      <div className="card">
        <h2>My requests</h2>
        <h3>Promotions</h3>
        <PromotionList items={promotions.data?.mine} empty="You have requested no promotion." />
        <h3>Data access</h3>
        <AccessList items={access.data?.mine} empty="You have requested no data access." />
      </div>
    </div>
  );
}
