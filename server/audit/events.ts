import type { TJson } from './canonical-json';

/**
 * The closed list of audit event names, each with the shape of its data. A state change
 * without an entry here cannot be recorded, so it cannot be written (see transact()).
 */
export interface TAuditEventData {
  'auth.signed_in': { method: 'password' };
  'auth.sign_in_failed': { email: string; reason: 'unknown_user' | 'wrong_password' | 'disabled' };
  'user.created': { email: string; name: string; roles: string[]; teamIds: string[] };
  'user.updated': { before: Record<string, TJson>; after: Record<string, TJson> };
  'team.created': { name: string };
  'token.created': { name: string; userId: string; scopes: string[]; expiresAt: string };
  'token.revoked': { name: string; reason: string | null };
  'token.rejected': { reason: 'unknown' | 'expired' | 'revoked' | 'malformed' | 'user_disabled'; prefix: string | null };
  'audit.exported': { fromSeq: number; toSeq: number; count: number; checkpointId: number };
  'access.denied': { action: string; reason: string };
}
export type TAuditAction = keyof TAuditEventData;

export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'user.created',
  'user.updated',
  'team.created',
  'token.created',
  'token.revoked',
  'token.rejected',
  'audit.exported',
  'access.denied',
] as const satisfies readonly TAuditAction[];

/** What a service hands to the audit helper; seq, time and hashes are added on append. */
export type TAuditInput = {
  [A in TAuditAction]: {
    action: A;
    subject: { type: string; id: string | null };
    data: TAuditEventData[A];
    outcome?: 'success' | 'denied' | 'failure';
  };
}[TAuditAction];

// Compile-time check that AUDIT_ACTIONS lists every event name.
const listsEveryAction: [Exclude<TAuditAction, (typeof AUDIT_ACTIONS)[number]>] extends [never] ? true : false = true;
void listsEveryAction;
