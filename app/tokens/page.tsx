import { requireActor } from '@/server/auth/page-guard';
import { TokensManager } from './tokens-manager';

export default async function TokensPage() {
  await requireActor('/tokens');
  return (
    <section>
      <h1>API tokens</h1>
      <p className="muted">
        Tokens let pipelines call the REST API as you, limited to the scopes you pick. The secret is shown once; Modelgate
        keeps only its hash.
      </p>
      <TokensManager />
    </section>
  );
}
