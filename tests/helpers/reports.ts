import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { Readable } from 'node:stream';
import type { TDb } from '@/db/client';
import { reportJobs } from '@/db/schema';
import { actorUserId } from '@/policies/actor';
import type { TServiceContext } from '@/server/services/context';
import { collectReport, renderReport, resolveReportSubject, type TReportSubjectInput } from '@/server/services/reports';
import { getArtifactStore } from '@/server/storage/runtime-store';
import { requestPromotion, reviewPromotion } from '@/server/services/promotions';
import { createPerson, createTeam, createTrainedVersion } from './governance';

/**
 * A model version with a real approved staging promotion (requested by its creator, approved by
 * an ML engineer through the services, so the attestation is signed), and the people involved.
 */
export async function createApprovedVersion(db: TDb) {
  const team = await createTeam(db);
  const scientist = await createPerson(db, team, ['data_scientist'], 'Sam Scientist');
  const engineer = await createPerson(db, team, ['ml_engineer'], 'Ada Approver');
  const owner = await createPerson(db, team, ['data_owner'], 'Olive Owner');
  const auditor = await createPerson(db, team, ['auditor'], 'Audrey Auditor');
  const trained = await createTrainedVersion(db, { teamId: team, creatorId: scientist.userId, ownerId: owner.userId, classification: 'confidential' });
  const request = await requestPromotion(scientist, { name: trained.model.name, version: 1, environment: 'staging', justification: 'report test' });
  await reviewPromotion(engineer, { id: request.id, decision: 'approve', comment: 'looks right' });
  return { team, scientist, engineer, owner, auditor, ...trained, requestId: request.id };
}

/** The text of a PDF as poppler's pdftotext reads it. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'mg-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), join(dir, 'r.txt')]);
    return readFileSync(join(dir, 'r.txt'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Page 1 rendered by pdftoppm (-png -r 50): the variance of its grey levels (0 for a blank page). */
export async function firstPageVariance(pdf: Buffer): Promise<{ variance: number; width: number; height: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mg-ppm-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', join(dir, 'r.pdf'), join(dir, 'page')]);
    const image = await loadImage(readFileSync(join(dir, 'page.png')));
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    let sum = 0;
    let sumSquares = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const grey = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
      sum += grey;
      sumSquares += grey * grey;
    }
    const mean = sum / n;
    return { variance: sumSquares / n - mean * mean, width: image.width, height: image.height };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A completed report job of `ctx`'s user, written directly (rendered now, stored, row marked completed) so
 * a fixture needs no job queue: for tests of who may follow and download a job.
 */
export async function createCompletedReportJob(ctx: TServiceContext, subject: TReportSubjectInput): Promise<string> {
  const resolved = await resolveReportSubject(ctx, subject);
  const file = await renderReport(await collectReport(ctx, resolved), resolved, 'json');
  await (await getArtifactStore()).put(Readable.from([file.bytes]));
  const [row] = await ctx.db
    .insert(reportJobs)
    .values({
      subjectType: resolved.type,
      subjectId: resolved.id,
      subjectLabel: resolved.label,
      teamId: resolved.teamId,
      format: 'json',
      status: 'completed',
      progress: 100,
      stage: 'completed',
      requestedBy: actorUserId(ctx.actor)!,
      sha256: file.sha256,
      sizeBytes: file.size,
      finishedAt: new Date(),
    })
    .returning({ id: reportJobs.id });
  return row!.id;
}
