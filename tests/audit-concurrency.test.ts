import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { verifyAuditExport } from '@/cli/verify-audit.mjs';
import { startAuditExport } from '@/server/audit/export';
import { recordAudit, transact } from '@/server/audit/transact';
import { userActor } from './helpers/actors';
import { createTestDatabase, onPostgres } from './helpers/db';

const WRITERS = 16;
const EACH = 5_000;

test(
  `${WRITERS} concurrent writers × ${EACH} events: no fork, no gap, the export verifies`,
  { skip: onPostgres ? false : 'needs DATABASE_URL: concurrent connections need a PostgreSQL server', timeout: 300_000 },
  async () => {
    const database = await createTestDatabase({ maxConnections: WRITERS });
    const dir = mkdtempSync(join(tmpdir(), 'mg-audit-concurrency-'));
    try {
      const started = performance.now();
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          const actor = userActor(`writer-${w}`, ['data_scientist']);
          // Alternate the two entry points: an event on its own, and a change recording three.
          for (let i = 0, step = 0; i < EACH; step++) {
            const n = Math.min(step % 2 ? 3 : 1, EACH - i);
            const events = Array.from({ length: n }, (_, k) => ({
              action: 'team.created' as const,
              subject: { type: 'Team', id: `${w}-${i + k}` },
              data: { name: `w${w} #${i + k}` },
            }));
            if (n === 1) await recordAudit(database.db, actor, events[0]!);
            else await transact(database.db, actor, async (_tx, audit) => events.forEach((e) => audit.record(e)));
            i += n;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(`# ${WRITERS * EACH} events in ${seconds.toFixed(1)} s: ${Math.round((WRITERS * EACH) / seconds)} events/s`);

      const [stats] = rowsOf<{ n: string; lo: string; hi: string; links: string; per_writer: string }>(
        await database.db.execute(sql`
          select count(*) n, min(e.seq) lo, max(e.seq) hi,
                 count(*) filter (where e.prev_hash = p.chain_hash or (e.seq = 1 and e.prev_hash = repeat('0', 64))) links,
                 count(distinct e.actor_id) per_writer
          from audit_events e left join audit_events p on p.seq = e.seq - 1`),
      );
      assert.deepEqual(
        { n: Number(stats!.n), lo: Number(stats!.lo), hi: Number(stats!.hi), links: Number(stats!.links), writers: Number(stats!.per_writer) },
        { n: WRITERS * EACH, lo: 1, hi: WRITERS * EACH, links: WRITERS * EACH, writers: WRITERS },
      );
      const file = join(dir, 'export.jsonl');
      const exp = await startAuditExport(database.db, userActor('auditor', ['auditor']), { toSeq: WRITERS * EACH });
      await pipeline(Readable.from(exp.lines()), createWriteStream(file));
      const result = await verifyAuditExport(file);
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(result.events, WRITERS * EACH);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
