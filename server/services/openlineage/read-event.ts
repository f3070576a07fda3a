import { eq } from 'drizzle-orm';
import { openlineageEvents } from '@/db/schema';
import { AppError } from '../../errors';
import { authorize, type TServiceContext } from '../context';

/** One stored OpenLineage event as kept (normalised), with what was normalised and who sent it. */
export async function readStoredEvent(ctx: TServiceContext, id: string) {
  const [row] = await ctx.db.select().from(openlineageEvents).where(eq(openlineageEvents.id, id));
  if (!row) throw new AppError('not_found', 'No such OpenLineage event.');
  await authorize(ctx, 'read', 'LineageEvent', { id: row.id, receivedBy: row.receivedBy, teamId: row.teamId });
  return row;
}
