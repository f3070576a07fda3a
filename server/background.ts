import { scheduleCheckpoints, signCheckpointIfHeadMoved } from './audit/checkpoints';
import { getDatabase } from './runtime';
import { scheduleExpirySweeps } from './services/promotions/expire-promotions';
import { startWebhookSender } from './webhooks/deliver';

/** Everything a portal process runs besides answering requests. */
export async function startBackgroundWork(): Promise<void> {
  const { db } = await getDatabase();
  await signCheckpointIfHeadMoved(db);
  scheduleCheckpoints(db);
  startWebhookSender(db);
  scheduleExpirySweeps(db);
}
