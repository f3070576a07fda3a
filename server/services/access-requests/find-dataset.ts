import { eq } from 'drizzle-orm';
import type { TDbOrTx } from '@/db/client';
import { datasets } from '@/db/schema';
import { AppError } from '../../errors';

export async function findDataset(db: TDbOrTx, id: string) {
  const [row] = await db.select({ id: datasets.id, name: datasets.name, teamId: datasets.teamId, ownerId: datasets.ownerId }).from(datasets).where(eq(datasets.id, id));
  if (!row) throw new AppError('not_found', 'Dataset not found.');
  return row;
}
