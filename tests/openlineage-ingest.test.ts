import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { walkLineage } from '@/server/lineage/walk';
import { dispatchRest } from '@/server/rest/dispatch';
import { validateOpenLineageEvent } from '@/server/openlineage/validate-event';
import { serviceContext } from '@/server/services/context';
import { readStoredEvent } from '@/server/services/openlineage';
import { createToken } from '@/server/services/tokens';
import type { TScope } from '@/policies/vocabulary';
import { openAppDatabase } from './helpers/app-database';
import { demoActor, demoContexts } from './helpers/demo-actors';
import { onPostgres } from './helpers/db';

const fixtures = new URL('../../shared/fixtures/openlineage/events/', import.meta.url);
const eventFiles = (dir: string) => readdirSync(new URL(`${dir}/`, fixtures)).filter((f) => f.endsWith('.json')).sort();
const readEvent = (dir: string, f: string) => JSON.parse(readFileSync(new URL(`${dir}/${f}`, fixtures), 'utf8')) as Record<string, unknown>;

let database: Awaited<ReturnType<typeof openAppDatabase>>;
let contexts: Awaited<ReturnType<typeof demoContexts>>;
const tokens = {} as Record<'engineer' | 'scientist' | 'auditor' | 'governance' | 'engineerNoScope', string>;

before(async () => {
  database = await openAppDatabase();
  const { db } = database;
  contexts = await demoContexts(db);
  const token = async (role: Parameters<typeof demoActor>[1], scopes: TScope[]) =>
    (await createToken(serviceContext(db, await demoActor(db, role)), { name: `ol ${role}`, scopes: scopes as [TScope, ...TScope[]], expiresInDays: 1 })).secret;
  tokens.engineer = await token('ml_engineer', ['lineage:write']);
  tokens.governance = await token('governance_officer', ['lineage:write']);
  tokens.scientist = await token('data_scientist', ['lineage:write']);
  tokens.auditor = await token('auditor', ['lineage:write']);
  tokens.engineerNoScope = await token('ml_engineer', ['lineage:read', 'models:write', 'datasets:read']);
});
after(() => database?.cleanup());

async function post(body: unknown, opts: { token?: string; query?: string; contentType?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? tokens.engineer}`, 'content-type': opts.contentType ?? 'application/json' };
  const req = new Request(`http://test/api/v1/lineage${opts.query ?? ''}`, { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) });
  const res = await dispatchRest(req, ['lineage']);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function count(table: string, where = sql`true`): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await database.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`));
  return Number(row!.n);
}

type TLinkBody = { from: { kind: string; namespace: string; name: string }; to: { kind: string; id: string; label: string } }[];

const STRICTLY_VALID = new Set(eventFiles('complete').filter((f) => validateOpenLineageEvent(readEvent('complete', f), 'strict').ok));

test('every complete event is accepted, with what was normalised listed; strictly valid ones survive the stored round trip', async () => {
  assert.equal(STRICTLY_VALID.size, 10);
  const keys = new Map<string, string>();
  for (const f of eventFiles('complete')) {
    const sent = readEvent('complete', f);
    const res = await post(sent);
    assert.equal(res.body.accepted, true, `${f}: ${JSON.stringify(res.body)}`);
    const normalised = res.body.normalised as { path: string; message: string }[];
    assert.deepEqual(normalised.length > 0, !STRICTLY_VALID.has(f), `${f}: ${JSON.stringify(normalised)}`);
    // marquez full and large are two events of one run with the same key: the second is a repeat.
    // Keys are compared after normalisation: a time without a timezone is the same instant in UTC.
    const kept = validateOpenLineageEvent(sent, 'ingest') as { event: typeof sent };
    const key = JSON.stringify([(sent.run as { runId?: string } | undefined)?.runId ?? f, sent.eventType, kept.event.eventTime]);
    if (keys.has(key)) {
      assert.deepEqual([res.status, res.body.duplicate, res.body.eventId], [200, true, keys.get(key)], f);
      continue;
    }
    assert.equal(res.status, 201, `${f}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.duplicate, false);
    keys.set(key, res.body.eventId as string);
    const stored = await readStoredEvent(contexts.as.ml_engineer, res.body.eventId as string);
    if (STRICTLY_VALID.has(f)) {
      assert.deepEqual(normalised, [], f);
      // Store, read back, validate again, compare: the stored form is the event as sent.
      assert.ok(validateOpenLineageEvent(stored.event, 'strict').ok, `${f} no longer valid after storage`);
      assert.deepEqual(stored.event, sent, f);
    } else {
      assert.ok(normalised.length > 0, `${f} lists no normalisation`);
      assert.deepEqual(stored.normalisations.map((n) => n.path), normalised.map((n) => n.path));
      assert.ok(validateOpenLineageEvent(stored.event, 'ingest').ok, f);
    }
  }
  const noTz = await post({ ...readEvent('complete', 'marquez__event_required_no_timezone.json'), run: { runId: randomUUID() } });
  assert.deepEqual((noTz.body.normalised as { path: string; message: string }[]).map((n) => `${n.path}: ${n.message}`), ['eventTime: no timezone; read as UTC']);
});

test('every negative event is rejected with a 400 naming the field and rule, and nothing is stored', async () => {
  const expected: Record<string, string> = {
    'ol-fluentd__event_invalid_job_facet.json': 'job.facets.ownership.owners[0].name is required',
    'ol-fluentd__event_invalid_run_facet.json': 'run.facets.parent.run.runId is required',
    'ol-fluentd__event_no_run_id.json': 'run.runId is required',
  };
  assert.deepEqual(eventFiles('negative'), Object.keys(expected));
  const before = await count('openlineage_events');
  for (const [f, message] of Object.entries(expected)) {
    const res = await post(readEvent('negative', f));
    assert.equal(res.status, 400, f);
    assert.equal(res.body.error!.code, 'invalid_input');
    assert.ok(res.body.error!.message.includes(message), `${f}: ${res.body.error!.message}`);
    assert.ok(res.body.error!.message.includes('[required]'), 'the rule is named');
  }
  assert.equal(await count('openlineage_events'), before);
});

function runEvent(overrides: Record<string, unknown> = {}) {
  return {
    eventType: 'COMPLETE',
    eventTime: '2026-01-05T10:00:00.123456+02:00',
    run: { runId: randomUUID() },
    job: { namespace: 'airflow-prod', name: `etl-${randomUUID().slice(0, 8)}` },
    inputs: [{ namespace: 'postgres://warehouse:5432', name: `raw.applications_${randomUUID().slice(0, 6)}` }],
    outputs: [{ namespace: 's3://features', name: `applications_${randomUUID().slice(0, 6)}` }],
    producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/airflow',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    ...overrides,
  };
}

test('idempotent on (runId, eventType, eventTime): a repeat is 200 duplicate and changes nothing, even with other content', async () => {
  const event = runEvent();
  const first = await post(event);
  assert.equal(first.status, 201);
  const snapshot = async () => [await count('openlineage_events'), await count('audit_events'), await count('lineage_nodes'), await count('lineage_edges')];
  const state = await snapshot();
  const again = await post(event);
  assert.equal(again.status, 200);
  assert.equal(again.body.duplicate, true);
  assert.equal(again.body.eventId, first.body.eventId);
  assert.deepEqual(await snapshot(), state);
  // The same instant in the same notation with the same content but another key order is still the same event.
  const reordered = Object.fromEntries(Object.entries(event).reverse());
  assert.equal((await post(reordered)).body.duplicate, true);
  assert.equal((await post(reordered)).body.sameContent, true);
  const changed = await post({ ...event, outputs: [] });
  assert.deepEqual([changed.status, changed.body.duplicate, changed.body.sameContent], [200, true, false]);
  assert.match((changed.body.warnings as string[])[0]!, /accepted before with different content/);
  assert.deepEqual(await snapshot(), state);
  // Another eventType for the same run at the same time is a new event.
  assert.equal((await post({ ...event, eventType: 'START' })).status, 201);
  assert.deepEqual(await snapshot().then((s) => s[0]), state[0]! + 1);
});

test('DatasetEvent and JobEvent: keyed by what they describe and the time; a JobEvent links its job to a model version by facet', async () => {
  const base = { eventTime: '2026-02-01T08:00:00Z', producer: 'https://example.com/catalog', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent' };
  const dataset = { ...base, dataset: { namespace: 'postgres://warehouse:5432', name: `dim.customers_${randomUUID().slice(0, 6)}` } };
  assert.equal((await post(dataset)).status, 201);
  assert.equal((await post(dataset)).body.duplicate, true);
  assert.equal((await post({ ...dataset, eventTime: '2026-02-01T08:00:01Z' })).status, 201);
  const [model] = rowsOf<{ id: string }>(
    await database.db.execute(sql`select mv.id from model_versions mv join registered_models m on m.id = mv.model_id where m.name = 'fraud-loss-estimator' and mv.version = 1`),
  );
  const facet = { _producer: 'https://example.com/p', _schemaURL: 'https://example.com/modelgate-facet.json' };
  const job = { ...base, job: { namespace: 'dbt', name: `fraud_features_${randomUUID().slice(0, 6)}`, facets: { modelgate: { ...facet, modelVersionId: model!.id } } }, inputs: [{ namespace: 'pg', name: 'tx' }] };
  const res = await post(job);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.kind, 'JobEvent');
  assert.deepEqual((res.body.links as TLinkBody).map((l) => [l.from.kind, l.to.kind, l.to.id]), [['external_job', 'model_version', model!.id]]);
  assert.equal((await post(job)).body.duplicate, true);
});

test('concurrent repeats of one event store it once', async () => {
  const event = runEvent();
  const results = await Promise.all(Array.from({ length: 8 }, () => post(event)));
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
  assert.equal(new Set(results.map((r) => r.body.eventId)).size, 1);
  assert.equal(await count('openlineage_events', sql`run_id = ${event.run.runId}::uuid`), 1);
  if (onPostgres) assert.equal(await count('audit_events', sql`body like ${`%${results.find((r) => r.status === 201)!.body.eventId}%`}`), 1);
});

test('inputs → run → outputs become edges; modelgate names and the modelgate facet link to registered versions', async () => {
  const [loan] = rowsOf<{ id: string; team_id: string }>(
    await database.db.execute(sql`select dv.id, d.team_id from dataset_versions dv join datasets d on d.id = dv.dataset_id where d.name = 'loan-applicants' and dv.number = 1`),
  );
  const [cardTx] = rowsOf<{ id: string }>(
    await database.db.execute(sql`select dv.id from dataset_versions dv join datasets d on d.id = dv.dataset_id where d.name = 'card-transactions' order by dv.number limit 1`),
  );
  const [model] = rowsOf<{ id: string }>(
    await database.db.execute(sql`select mv.id from model_versions mv join registered_models m on m.id = mv.model_id where m.name = 'credit-default-classifier' and mv.version = 2`),
  );
  const facet = { _producer: 'https://example.com/p', _schemaURL: 'https://example.com/modelgate-facet.json' };
  const event = runEvent({
    job: { namespace: 'modelgate', name: 'credit-default-classifier@v2' },
    inputs: [
      { namespace: 'modelgate', name: 'loan-applicants@v1' },
      { namespace: 's3://lake', name: 'cards/2026-01', facets: { modelgate: { ...facet, datasetVersionId: cardTx!.id } } },
      { namespace: 'modelgate', name: 'no-such-dataset@v9' },
    ],
    outputs: [{ namespace: 's3://models', name: 'credit/model.onnx' }],
  });
  const res = await post(event);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const links = res.body.links as TLinkBody;
  assert.deepEqual(
    links.map((l) => [l.from.kind, l.from.name, l.to.kind, l.to.id, l.to.label]).sort(),
    [
      ['external_dataset', 'cards/2026-01', 'dataset_version', cardTx!.id, `card-transactions@v1`],
      ['external_dataset', 'loan-applicants@v1', 'dataset_version', loan!.id, 'loan-applicants@v1'],
      ['external_run', event.run.runId, 'model_version', model!.id, 'credit-default-classifier@v2'],
    ].sort(),
  );
  assert.deepEqual(res.body.warnings, ['inputs[2]: the name no-such-dataset@v9 matches no dataset version you may read; not linked']);

  const edges = rowsOf<{ from_kind: string; from_name: string; relation: string; to_kind: string; to_subject: string | null; to_name: string }>(
    await database.db.execute(sql`
      select f.kind as from_kind, f.name as from_name, e.relation, t.kind as to_kind, t.subject_id as to_subject, t.name as to_name
        from lineage_edges e join lineage_nodes f on f.id = e.from_id join lineage_nodes t on t.id = e.to_id
       where e.source = 'openlineage' and (f.name = ${event.run.runId} or t.name = ${event.run.runId} or (e.relation = 'same_as' and f.namespace in ('modelgate', 's3://lake')))`),
  ).map((e) => `${e.from_kind}:${e.from_name} -${e.relation}-> ${e.to_kind}:${e.to_subject ?? e.to_name}`);
  for (const expected of [
    `external_job:credit-default-classifier@v2 -ran_as-> external_run:${event.run.runId}`,
    `external_dataset:loan-applicants@v1 -input_of-> external_run:${event.run.runId}`,
    `external_dataset:cards/2026-01 -input_of-> external_run:${event.run.runId}`,
    `external_run:${event.run.runId} -output_of-> external_dataset:credit/model.onnx`,
    `external_dataset:loan-applicants@v1 -same_as-> dataset_version:${loan!.id}`,
    `external_dataset:cards/2026-01 -same_as-> dataset_version:${cardTx!.id}`,
    `external_run:${event.run.runId} -same_as-> model_version:${model!.id}`,
  ]) {
    assert.ok(edges.includes(expected), `missing ${expected} in ${JSON.stringify(edges, null, 1)}`);
  }
  // A downstream walk from Modelgate's dataset version crosses to the run that read its OpenLineage twin.
  const [loanNode] = rowsOf<{ id: string }>(await database.db.execute(sql`select id from lineage_nodes where kind = 'dataset_version' and subject_id = ${loan!.id}`));
  const downstream = await walkLineage(database.db, { startIds: [loanNode!.id], directions: ['downstream'], maxDepth: 3 });
  assert.ok(downstream.nodes.some((n) => n.kind === 'external_run' && n.name === event.run.runId), 'the external run is downstream of the dataset version');
  // The linked run is filed under the model's team; the audit event holds ids, not the event.
  const [run] = rowsOf<{ team_id: string }>(await database.db.execute(sql`select team_id from lineage_nodes where kind = 'external_run' and name = ${event.run.runId}`));
  assert.equal(run!.team_id, loan!.team_id);
  const [audit] = rowsOf<{ body: string }>(await database.db.execute(sql`select body from audit_events where body like ${`%${res.body.eventId as string}%`}`));
  const recorded = JSON.parse(audit!.body) as { action: string; data: { links: { id: string }[] } };
  assert.equal(recorded.action, 'lineage.event_ingested');
  assert.deepEqual(recorded.data.links.map((l) => l.id).sort(), [cardTx!.id, loan!.id, model!.id].sort());
  assert.ok(audit!.body.length < 1000, 'the audit body is small');
});

test('new external nodes go to the asked team, else the sender’s only team; a hidden or unknown team is refused', async () => {
  const event = runEvent();
  const filed = await post(event, { query: '?team=Fraud%20Detection' });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const teamOf = async (name: string) =>
    rowsOf<{ team_id: string | null }>(await database.db.execute(sql`select team_id from lineage_nodes where kind = 'external_dataset' and name = ${name}`))[0]!.team_id;
  assert.equal(await teamOf(event.inputs[0]!.name), contexts.fraud);
  // The demo engineer is in two teams: without ?team= and without a link, no team owns the node.
  const untied = runEvent();
  assert.equal((await post(untied)).status, 201);
  assert.equal(await teamOf(untied.inputs[0]!.name), null);
  const bad = await post(runEvent(), { query: '?team=No%20Such%20Team' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error!.message, /Unknown team/);
});

test('who may ingest: engineers and governance; scientists and auditors are forbidden; a token without lineage:write gets 403', async () => {
  assert.equal((await post(runEvent(), { token: tokens.governance })).status, 201);
  for (const token of [tokens.scientist, tokens.auditor]) {
    const res = await post(runEvent(), { token });
    assert.equal(res.status, 403);
    assert.equal(res.body.error!.code, 'forbidden');
  }
  const noScope = await post(runEvent(), { token: tokens.engineerNoScope });
  assert.equal(noScope.status, 403);
  assert.equal(noScope.body.error!.code, 'insufficient_scope');
  const anonymous = await dispatchRest(new Request('http://test/api/v1/lineage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), ['lineage']);
  assert.equal(anonymous.status, 401);
});

test('media type, malformed JSON, body size and unstorable strings get clear 4xx', async () => {
  const event = runEvent();
  const wrongType = await post(event, { contentType: 'text/plain' });
  assert.deepEqual([wrongType.status, wrongType.body.error!.code], [415, 'unsupported_media_type']);
  const malformed = await post(null, { raw: '{"eventTime": "2026-01-01T00:00:00Z",' });
  assert.deepEqual([malformed.status, malformed.body.error!.code], [400, 'invalid_json']);
  const huge = await post({ ...event, job: { ...event.job, facets: { big: { _producer: 'https://x', _schemaURL: 'https://x', blob: 'x'.repeat(1_100_000) } } } });
  assert.deepEqual([huge.status, huge.body.error!.code], [413, 'payload_too_large']);
  const nul = await post({ ...event, job: { namespace: 'ns', name: 'a\u0000b' } });
  assert.equal(nul.status, 400);
  assert.match(nul.body.error!.message, /job\.name contains U\+0000/);
  const notObject = await post([event]);
  assert.equal(notObject.status, 400);
  assert.match(notObject.body.error!.message, /must be a JSON object/);
});
