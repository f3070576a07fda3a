import type { TActor } from '@/policies/actor';
import type { TRole } from '@/policies/vocabulary';

/** A user actor for service-level tests; ids must exist in the database when the service reads them. */
export function userActor(userId: string, roles: TRole[], teamIds: string[] = []): TActor {
  return { type: 'user', userId, email: `${userId}@test.local`, name: userId, roles, teamIds };
}

export const SYSTEM: TActor = { type: 'system', job: 'test' };
