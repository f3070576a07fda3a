import { asc, sql } from 'drizzle-orm';
import { environments, predictions } from '@/db/schema';
import { recordAudit } from '../../audit/transact';
import type { TServiceContext } from '../context';
import { authorizePredictionsOf } from './find-version';
import { predictionColumns, predictionPageWhere } from './list-predictions';
import { parsePredictionInput, ZExportPredictionsSchema, type TExportPredictions, type TPredictionExportFormat } from './schemas';

const PAGE = 5_000;

export const PREDICTION_CSV_COLUMNS = [
  'request_id',
  'created_at',
  'model',
  'version',
  'model_version_id',
  'deployment_id',
  'environment',
  'caller_user_id',
  'caller_token_id',
  'latency_ms',
  'input',
  'output',
] as const;

export interface TPredictionExport {
  format: TPredictionExportFormat;
  fileName: string;
  /** The file, line by line (each ending in "\n"), read page by page in (created_at, request_id) order. */
  lines(): AsyncGenerator<string>;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Starts an export of one version's predictions in [from, to) as CSV or JSON Lines. The export
 * is audited (who, which version, which range, which format) before the first byte leaves;
 * rows then stream in keyset pages, oldest first. Inputs and outputs are written as the
 * database's JSON text, not parsed and re-serialized.
 */
export async function exportPredictions(ctx: TServiceContext, input: TExportPredictions | Record<string, unknown>): Promise<TPredictionExport> {
  const q = parsePredictionInput(ZExportPredictionsSchema, input);
  const version = await authorizePredictionsOf(ctx, q, 'export');
  const from = new Date(q.from);
  const to = new Date(q.to);
  await recordAudit(ctx.db, ctx.actor, {
    action: 'predictions.exported',
    subject: { type: 'ModelVersion', id: version.id },
    data: { model: version.modelName, version: version.version, modelVersionId: version.id, from: from.toISOString(), to: to.toISOString(), format: q.format },
  });
  const envNames = new Map((await ctx.db.select({ id: environments.id, name: environments.name }).from(environments)).map((e) => [e.id, e.name]));
  const db = ctx.db;
  const p = predictions;

  async function* rows() {
    let after: { at: string; requestId: string } | undefined;
    for (;;) {
      const page = await db
        .select({ ...predictionColumns, input: sql<string>`${p.input}::text`, output: sql<string>`${p.output}::text` })
        .from(p)
        .where(predictionPageWhere(version.id, { from, to }, after, 'newer'))
        .orderBy(asc(p.createdAt), asc(p.requestId))
        .limit(PAGE);
      yield* page;
      if (page.length < PAGE) return;
      const last = page.at(-1)!;
      after = { at: last.at, requestId: last.requestId };
    }
  }

  async function* lines(): AsyncGenerator<string> {
    if (q.format === 'csv') {
      yield `${PREDICTION_CSV_COLUMNS.join(',')}\n`;
      for await (const r of rows()) {
        const fields = [
          r.requestId,
          r.at,
          version.modelName,
          String(version.version),
          version.id,
          r.deploymentId,
          envNames.get(r.environmentId) ?? r.environmentId,
          r.callerUserId ?? '',
          r.callerTokenId ?? '',
          String(r.latencyMs),
          r.input,
          r.output,
        ];
        yield `${fields.map(csvField).join(',')}\n`;
      }
      return;
    }
    for await (const r of rows()) {
      const head = JSON.stringify({
        requestId: r.requestId,
        createdAt: r.at,
        model: version.modelName,
        version: version.version,
        modelVersionId: version.id,
        deploymentId: r.deploymentId,
        environment: envNames.get(r.environmentId) ?? r.environmentId,
        callerUserId: r.callerUserId,
        callerTokenId: r.callerTokenId,
        latencyMs: r.latencyMs,
      });
      yield `${head.slice(0, -1)},"input":${r.input},"output":${r.output}}\n`;
    }
  }

  const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '').replace(/-/g, '');
  return {
    format: q.format,
    fileName: `${version.modelName}-v${version.version}-predictions-${stamp(from)}-${stamp(to)}.${q.format}`,
    lines,
  };
}
