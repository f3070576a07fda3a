import { notFound } from 'next/navigation';
import { requireActor } from '@/server/auth/page-guard';
import { AppError } from '@/server/errors';
import { getDatabase } from '@/server/runtime';
import { serviceContext } from '@/server/services/context';

/** For the catalog's server components: the signed-in actor's service context (or a redirect to sign in). */
export async function pageContext(from: string) {
  const { actor, ability } = await requireActor(from);
  const { db } = await getDatabase();
  return { ctx: serviceContext(db, actor), actor, ability };
}

/** A row the actor may not see renders the 404 page, exactly as one that does not exist. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

/** `/models/<name>` and below, with the name escaped. */
export function modelPath(name: string, ...rest: (string | number)[]) {
  return ['/models', encodeURIComponent(name), ...rest.map(String)].join('/');
}
