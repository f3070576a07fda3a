import { scheduleCheckpoints, signCheckpointIfHeadMoved } from './audit/checkpoints';
import { scheduleMonitoring } from './monitoring/evaluate';
import { getDatabase } from './runtime';
import { schedulePredictionMaintenance } from './services/predictions/retention';
import { scheduleExpirySweeps } from './services/promotions/expire-promotions';
import { ensureReportWorker } from './services/reports/report-worker';
import { startWebhookSender } from './webhooks/deliver';

/** Everything a portal process runs besides answering requests. */
export async function startBackgroundWork(): Promise<void> {
  const { db } = await getDatabase();
  await signCheckpointIfHeadMoved(db);
  scheduleCheckpoints(db);
  startWebhookSender(db);
  scheduleExpirySweeps(db);
  // Day partitions of stored predictions a week ahead, and retention (MODELGATE_PREDICTION_RETENTION_DAYS).
  schedulePredictionMaintenance(db);
  scheduleMonitoring(db);
  // Large reports queued before a restart (pg-boss keeps them) are picked up again.
  void ensureReportWorker(db).catch((error: unknown) => console.error('[reports] worker did not start', error));
}
