import { requireActor } from '@/server/auth/page-guard';
import { PolicyEditor } from './policy-editor';

export default async function EnvironmentsPage() {
  const { ability } = await requireActor('/environments');
  return (
    <section className="stack">
      <h1>Environments and promotion policies</h1>
      <p className="muted">Each edit publishes a new policy version; requests pending for that environment are judged again under it.</p>
      <PolicyEditor canEdit={ability.can('update', 'Environment')} />
    </section>
  );
}
