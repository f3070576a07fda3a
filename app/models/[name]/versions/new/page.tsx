import { asSubject } from '@/policies/ability';
import { readModel } from '@/server/services/models';
import { modelPath, orNotFound, pageContext } from '../../../_components/page-context';
import { RegisterVersionForm } from './register-version-form';

export default async function NewVersionPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  const { ctx, ability } = await pageContext(modelPath(name, 'versions', 'new'));
  const model = await orNotFound(readModel(ctx, name));
  if (!ability.can('create', asSubject('ModelVersion', model))) {
    return <p className="error">Only data scientists and ML engineers of {model.teamName} register versions of this model.</p>;
  }
  return (
    <section className="stack">
      <h1>Register a version of {model.name}</h1>
      <p className="muted">
        Version {model.latestVersion + 1} will be recorded as uploaded: nothing about it can change afterwards. ONNX files are
        loaded to check them and to record their inputs and outputs.
      </p>
      <RegisterVersionForm modelName={model.name} />
    </section>
  );
}
