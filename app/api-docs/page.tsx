import { buildOpenApiDocument } from '@/server/rest/openapi';

type TOperation = { summary: string; tags: string[]; 'x-required-scope': string | null; parameters: { name: string; in: string; required: boolean }[]; requestBody?: unknown; responses: Record<string, unknown> };

/** A readable reference generated from the same OpenAPI document the API serves. */
export default function ApiDocsPage() {
  const doc = buildOpenApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, TOperation>).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <section className="stack">
      <h1>REST API v1</h1>
      <p>{doc.info.description}</p>
      <p>
        Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Create a token on the API tokens page.
      </p>
      {operations.map(({ path, method, op }) => (
        <article key={`${method} ${path}`} className="card">
          <h2>
            <code>
              {method.toUpperCase()} {path}
            </code>
          </h2>
          <p>{op.summary}</p>
          <p className="muted">
            {op['x-required-scope'] ? (
              <>
                Needs scope <code>{op['x-required-scope']}</code>
              </>
            ) : (
              'Public'
            )}
            {op.parameters.length > 0 && <> · Parameters: {op.parameters.map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''})`).join(', ')}</>}
            {op.requestBody ? ' · JSON body' : ''}
          </p>
        </article>
      ))}
    </section>
  );
}
