import { requireActor } from '@/server/auth/page-guard';
import { AccessManager } from './access-manager';

export default async function AccessPage({ searchParams }: { searchParams: Promise<{ dataset?: string }> }) {
  const { dataset } = await searchParams;
  const { ability } = await requireActor(dataset ? `/access?dataset=${encodeURIComponent(dataset)}` : '/access');
  return (
    <section className="stack">
      <h1>Data access</h1>
      <p className="muted">
        Reading a confidential or restricted dataset&apos;s content needs a live grant. The dataset&apos;s owner or a governance officer
        decides; grants expire and can be revoked.
      </p>
      <AccessManager datasetId={dataset ?? null} canRequest={ability.can('create', 'AccessRequest')} />
    </section>
  );
}
