import { requireActor } from '@/server/auth/page-guard';
import { GovernanceInbox } from './_components/governance-inbox';
import { RequestPromotionForm } from './request-promotion-form';

export default async function PromotionsPage({ searchParams }: { searchParams: Promise<{ model?: string; version?: string }> }) {
  await requireActor('/promotions');
  const { model, version } = await searchParams;
  return (
    <section className="stack">
      <h1>Promotions</h1>
      <GovernanceInbox />
      <RequestPromotionForm model={model ?? ''} version={version ?? ''} />
    </section>
  );
}
