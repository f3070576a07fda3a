import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { TDatabase } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { TActor } from '@/policies/actor';
import { predictionRoutes } from '@/server/rest/routes/predictions';
import { appRouter } from '@/server/routers';
import { serviceContext, type TServiceContext } from '@/server/services/context';
import { exportPredictions, listPredictions, PREDICTION_CSV_COLUMNS } from '@/server/services/predictions';
import { getPredictionRecorder, type TPredictionRecord } from '@/server/serving/prediction-recorder';
import { createTestDatabase } from './helpers/db';
import { createPerson, createTeam } from './helpers/governance';
import { createDeployedVersion, predictionOf } from './helpers/predictions';

let database: TDatabase;
let v1: Awaited<ReturnType<typeof createDeployedVersion>>;
let v2: Awaited<ReturnType<typeof createDeployedVersion>>;
let stored: TPredictionRecord[];
const people = {} as Record<'officer' | 'auditor' | 'admin' | 'owner' | 'otherScientist', TServiceContext & { userId: string }>;

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);
const MIN = 60_000;
const FROM = new Date(T0 + 30 * MIN);
const TO = new Date(T0 + 240 * MIN);

before(async () => {
  database = await createTestDatabase();
  const { db } = database;
  v1 = await createDeployedVersion(db);
  v2 = await createDeployedVersion(db, v1.teamId);
  const otherTeam = await createTeam(db);
  people.officer = await createPerson(db, otherTeam, ['governance_officer'], 'officer');
  people.auditor = await createPerson(db, otherTeam, ['auditor'], 'auditor');
  people.admin = await createPerson(db, otherTeam, ['admin'], 'admin');
  people.owner = await createPerson(db, v1.teamId, ['data_owner'], 'owner');
  people.otherScientist = await createPerson(db, otherTeam, ['data_scientist'], 'other-scientist');
  // 30 predictions ten minutes apart, five more sharing one instant (ties broken by request id),
  // one with text that needs CSV quoting, and the other version's predictions in the same hours.
  stored = [
    ...Array.from({ length: 30 }, (_, i) => predictionOf(v1, new Date(T0 + i * 10 * MIN), { i, amount: [[i * 1.5]] }, { score: [[i / 30]] })),
    ...Array.from({ length: 5 }, (_, i) => predictionOf(v1, new Date(T0 + 60 * MIN), { tie: i })),
    predictionOf(v1, new Date(T0 + 95 * MIN), { note: 'quote " comma , newline \n end' }, ['ok']),
  ];
  const recorder = getPredictionRecorder(database);
  await Promise.all([...stored, ...Array.from({ length: 10 }, (_, i) => predictionOf(v2, new Date(T0 + i * 20 * MIN)))].map((r) => recorder.record(r)));
});
after(async () => {
  await getPredictionRecorder(database).close();
  await database.close();
});

/** What [FROM, TO) holds for version 1, newest first by (created_at, request_id). */
function expectedInRange(): TPredictionRecord[] {
  return stored
    .filter((r) => r.createdAt >= FROM && r.createdAt < TO)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.requestId < b.requestId ? 1 : -1));
}

const code = (expected: string) => (error: unknown) => {
  assert.equal((error as { code?: string }).code, expected);
  return true;
};

test('a version’s predictions in [from, to), newest first, page by page without gaps or repeats', async () => {
  const expected = expectedInRange();
  assert.equal(expected.length, 27, 'the fixture: rows 3..23, the five ties and the quoted one');
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listPredictions(v1.scientist, { name: v1.model.name, version: 1, from: FROM.toISOString(), to: TO.toISOString(), limit: 7, cursor });
    seen.push(...page.items.map((p) => p.requestId));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  assert.equal(pages, 4);
  assert.deepEqual(seen, expected.map((r) => r.requestId));

  const [first] = (await listPredictions(v1.scientist, { name: v1.model.name, version: 1, from: FROM.toISOString(), to: TO.toISOString(), limit: 1 })).items;
  assert.equal(first?.environmentName, 'staging');
  assert.equal(first?.callerEmail?.endsWith('@test.local'), true);
  assert.equal(first?.latencyMs, 1.25);
  assert.deepEqual(first?.input, expected[0]!.input);
  assert.equal(first?.createdAt.getTime(), expected[0]!.createdAt.getTime());
});

test('without a range: every prediction of that version and no other', async () => {
  const page = await listPredictions(v1.scientist, { name: v1.model.name, version: 1, limit: 500 });
  assert.equal(page.items.length, stored.length);
  assert.equal(page.nextCursor, null);
  const other = await listPredictions(v1.scientist, { name: v2.model.name, version: 1, limit: 500 });
  assert.equal(other.items.length, 10);
});

test('the version page’s infinite query (tRPC, with its paging direction) lists the first page', async () => {
  const page = await appRouter.createCaller(v1.scientist).predictions.list({ name: v1.model.name, version: 1, limit: 5, direction: 'forward' });
  assert.equal(page.items.length, 5);
  assert.ok(page.nextCursor);
});

test('bad input: a cursor not from this API, a reversed range, an unknown version', async () => {
  const ref = { name: v1.model.name, version: 1 };
  await assert.rejects(listPredictions(v1.scientist, { ...ref, cursor: 'bm90LWEtY3Vyc29y' }), code('invalid_input'));
  await assert.rejects(listPredictions(v1.scientist, { ...ref, from: TO.toISOString(), to: FROM.toISOString() }), code('invalid_input'));
  await assert.rejects(listPredictions(v1.scientist, { ...ref, from: 'yesterday' }), code('invalid_input'));
  await assert.rejects(listPredictions(v1.scientist, { ...ref, version: 9 }), code('not_found'));
  await assert.rejects(exportPredictions(v1.scientist, { ...ref, format: 'xml', from: FROM.toISOString(), to: TO.toISOString() }), code('invalid_input'));
});

async function readAll(lines: AsyncGenerator<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  return rows;
}

test('CSV export: a header, then the range oldest first, input and output as JSON cells; the export is audited', async () => {
  const exp = await exportPredictions(v1.scientist, { name: v1.model.name, version: 1, format: 'csv', from: FROM.toISOString(), to: TO.toISOString() });
  const [header, ...rows] = parseCsv(await readAll(exp.lines()));
  assert.deepEqual(header, [...PREDICTION_CSV_COLUMNS]);
  const expected = expectedInRange().reverse();
  assert.deepEqual(rows.map((r) => r[0]), expected.map((r) => r.requestId));
  const col = (name: (typeof PREDICTION_CSV_COLUMNS)[number]) => PREDICTION_CSV_COLUMNS.indexOf(name);
  for (const [i, row] of rows.entries()) {
    assert.equal(new Date(row[col('created_at')]!).getTime(), expected[i]!.createdAt.getTime());
    assert.deepEqual(JSON.parse(row[col('input')]!), expected[i]!.input);
    assert.deepEqual(JSON.parse(row[col('output')]!), expected[i]!.output);
    assert.equal(row[col('model')], v1.model.name);
    assert.equal(row[col('environment')], 'staging');
    assert.equal(row[col('latency_ms')], '1.25');
  }
  assert.ok(rows.some((r) => r[col('input')]!.includes('quote \\" comma , newline \\n end')), 'the quoted cell survives');
  assert.match(exp.fileName, /-v1-predictions-20260310T103000000Z-20260310T140000000Z\.csv$/);

  const events = await database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'predictions.exported'), eq(auditEvents.actorId, v1.scientist.userId)));
  assert.equal(events.length, 1);
  const body = JSON.parse(events[0]!.body) as { data: Record<string, unknown>; subject: { id: string } };
  assert.deepEqual(body.data, { model: v1.model.name, version: 1, modelVersionId: v1.version.id, from: FROM.toISOString(), to: TO.toISOString(), format: 'csv' });
  assert.equal(body.subject.id, v1.version.id);
});

test('JSON Lines export over REST: streamed, one object per prediction, stored JSON verbatim', async () => {
  const route = predictionRoutes.find((r) => r.path.endsWith('/predictions/export'))!;
  const response = (await route.handle(
    v1.scientist,
    { params: { name: v1.model.name, version: 1 }, query: { format: 'jsonl', from: FROM.toISOString(), to: TO.toISOString() }, body: undefined },
    new Request('http://test/'),
  )) as Response;
  assert.match(response.headers.get('content-type')!, /application\/x-ndjson/);
  assert.match(response.headers.get('content-disposition')!, /attachment; filename=".*\.jsonl"/);
  const lines = (await response.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const expected = expectedInRange().reverse();
  assert.deepEqual(lines.map((l) => l.requestId), expected.map((r) => r.requestId));
  assert.deepEqual(lines[0], {
    requestId: expected[0]!.requestId,
    createdAt: expected[0]!.createdAt.toISOString().replace('Z', '000Z'),
    model: v1.model.name,
    version: 1,
    modelVersionId: v1.version.id,
    deploymentId: v1.deployment.id,
    environment: 'staging',
    callerUserId: v1.scientist.userId,
    callerTokenId: null,
    latencyMs: 1.25,
    input: expected[0]!.input,
    output: expected[0]!.output,
  });
});

test('who sees them: the model’s team and oversight; another team’s scientist gets 404 and exports nothing', async () => {
  const ref = { name: v1.model.name, version: 1, limit: 500 };
  for (const who of [people.officer, people.auditor, people.admin, people.owner]) {
    assert.equal((await listPredictions(who, ref)).items.length, stored.length);
  }
  await assert.rejects(listPredictions(people.otherScientist, ref), code('not_found'));
  await assert.rejects(
    exportPredictions(people.otherScientist, { name: v1.model.name, version: 1, format: 'jsonl', from: FROM.toISOString(), to: TO.toISOString() }),
    code('not_found'),
  );
  const exported = await database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'predictions.exported'), eq(auditEvents.actorId, people.otherScientist.userId)));
  assert.equal(exported.length, 0);
  const denied = await database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'access.denied'), eq(auditEvents.actorId, people.otherScientist.userId)));
  assert.ok(denied.length >= 2, 'the refusals are audited');

  await assert.rejects(listPredictions(serviceContext(database.db, { type: 'anonymous' }), ref), code('unauthenticated'));
  const scientist = v1.scientist.actor as Extract<TActor, { type: 'user' }>;
  const token = (scopes: ('predictions:read' | 'models:read')[]): TServiceContext =>
    serviceContext(database.db, { ...scientist, type: 'token', tokenId: crypto.randomUUID(), scopes });
  await assert.rejects(listPredictions(token(['models:read']), ref), code('insufficient_scope'));
  assert.equal((await listPredictions(token(['predictions:read']), ref)).items.length, stored.length);
});
