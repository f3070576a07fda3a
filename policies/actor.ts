import type { TRole, TScope } from './vocabulary';

/** Who is acting: a signed-in user, a machine token (acting as its user, narrowed by scopes), or the system (jobs). */
export type TActor =
  | { type: 'user'; userId: string; email: string; name: string; roles: TRole[]; teamIds: string[] }
  | {
      type: 'token';
      tokenId: string;
      userId: string;
      email: string;
      name: string;
      roles: TRole[];
      teamIds: string[];
      scopes: TScope[];
    }
  | { type: 'system'; job: string }
  | { type: 'anonymous' };

export function actorUserId(actor: TActor): string | null {
  return actor.type === 'user' || actor.type === 'token' ? actor.userId : null;
}

/** A short, stable description for audit records and messages. */
export function describeActor(actor: TActor): { type: TActor['type']; id: string | null; label: string } {
  switch (actor.type) {
    case 'user':
      return { type: 'user', id: actor.userId, label: actor.email };
    case 'token':
      return { type: 'token', id: actor.tokenId, label: `token of ${actor.email}` };
    case 'system':
      return { type: 'system', id: null, label: `system:${actor.job}` };
    case 'anonymous':
      return { type: 'anonymous', id: null, label: 'anonymous' };
  }
}
