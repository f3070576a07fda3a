import { getDatabase } from './runtime';

/** Everything a portal process runs besides answering requests. */
export async function startBackgroundWork(): Promise<void> {
  await getDatabase();
}
