import { createHash } from 'node:crypto';
import type { TDb, TTx } from '@/db/client';
import type { TReportFormat } from '@/db/schema/reports';
import type { TActor } from '@/policies/actor';
import { collectDatasetVersionReport } from '@/reports/collect-dataset-version';
import { collectModelVersionReport, type TCollectProgress } from '@/reports/collect-model-version';
import { GENERATOR_VERSION } from '@/reports/collect-common';
import { MlBomInvalidError, renderMlBom } from '@/reports/mlbom';
import { renderReportJson } from '@/reports/render-json';
import { renderReportPdf } from '@/reports/render-pdf';
import type { TReport } from '@/reports/types';
import { transact } from '../../audit/transact';
import { AppError } from '../../errors';
import type { TServiceContext } from '../context';
import type { TReportSubject } from './resolve-subject';

export interface TRenderedReport {
  bytes: Buffer;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPES: Record<TReportFormat, { type: string; extension: string }> = {
  pdf: { type: 'application/pdf', extension: 'pdf' },
  json: { type: 'application/json; charset=utf-8', extension: 'report.json' },
  mlbom: { type: 'application/vnd.cyclonedx+json; charset=utf-8', extension: 'cdx.json' },
};

export function reportFileName(subject: Pick<TReportSubject, 'slug'>, format: TReportFormat): string {
  return `${subject.slug.replace(/[^A-Za-z0-9._-]+/g, '-')}.${CONTENT_TYPES[format].extension}`;
}

/** Step one: the facts, read with the reader's permissions. */
export function collectReport(ctx: TServiceContext, subject: TReportSubject, onProgress?: TCollectProgress): Promise<TReport> {
  return subject.type === 'ModelVersion' ? collectModelVersionReport(ctx, subject.id, onProgress) : collectDatasetVersionReport(ctx, subject.id, onProgress);
}

/** Step two: the bytes in the asked format. An ML-BOM that does not validate is never returned. */
export async function renderReport(report: TReport, subject: TReportSubject, format: TReportFormat): Promise<TRenderedReport> {
  let bytes: Buffer;
  if (format === 'pdf') bytes = await renderReportPdf(report);
  else if (format === 'json') bytes = renderReportJson(report);
  else {
    if (report.kind !== 'model-version-report') throw new AppError('invalid_input', 'An ML-BOM describes a model version; pick a model version.');
    try {
      bytes = await renderMlBom(report);
    } catch (error) {
      if (error instanceof MlBomInvalidError) {
        console.error('[reports] invalid ML-BOM not served', error.errors);
        throw new AppError('mlbom_invalid', 'The generated ML-BOM did not pass CycloneDX validation, so it was not served; this has been logged.');
      }
      throw error;
    }
  }
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    contentType: CONTENT_TYPES[format].type,
    fileName: reportFileName(subject, format),
  };
}

/**
 * Records `report.generated` (subject, format, SHA-256 and size of the exact bytes) before the
 * report leaves; `also` runs in the same transaction (a job marks itself completed there).
 */
export async function recordGeneratedReport(
  db: TDb,
  actor: TActor,
  subject: TReportSubject,
  format: TReportFormat,
  rendered: Pick<TRenderedReport, 'sha256' | 'size'>,
  jobId: string | null,
  also?: (tx: TTx) => Promise<void>,
): Promise<void> {
  await transact(db, actor, async (tx, audit) => {
    await also?.(tx);
    audit.record({
      action: 'report.generated',
      subject: { type: subject.type, id: subject.id },
      data: {
        subject: { type: subject.type, id: subject.id, label: subject.label },
        format,
        sha256: rendered.sha256,
        size: rendered.size,
        generatorVersion: GENERATOR_VERSION,
        jobId,
      },
    });
  });
}
