import { requireActor } from '@/server/auth/page-guard';
import { PromotionDetail } from './promotion-detail';

export default async function PromotionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requireActor(`/promotions/${id}`);
  return <PromotionDetail id={id} userId={actor.userId} />;
}
