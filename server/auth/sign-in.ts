import { eq } from 'drizzle-orm';
import type { TDb } from '@/db/client';
import { users } from '@/db/schema';
import { recordAudit } from '../audit/transact';
import { hashPassword, verifyPassword } from './password';

// Compared against when the email is unknown, so both failures take the same time.
const decoyHash = hashPassword('decoy password that never matches');

/** Checks an email and password; every attempt, good or bad, lands in the audit trail. */
export async function signInWithPassword(db: TDb, email: string, password: string): Promise<{ id: string } | null> {
  const normalised = email.trim().toLowerCase().slice(0, 254);
  const [user] = await db.select().from(users).where(eq(users.email, normalised));
  const ok = await verifyPassword(password.slice(0, 256), user?.passwordHash ?? (await decoyHash));
  if (!user || !ok || user.disabled) {
    const reason = !user ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled';
    await recordAudit(db, { type: 'anonymous' }, {
      action: 'auth.sign_in_failed',
      subject: { type: 'User', id: user?.id ?? null },
      data: { email: normalised, reason },
      outcome: 'denied',
    });
    return null;
  }
  const actor = { type: 'user' as const, userId: user.id, email: user.email, name: user.name, roles: [], teamIds: [] };
  await recordAudit(db, actor, { action: 'auth.signed_in', subject: { type: 'User', id: user.id }, data: { method: 'password' } });
  return { id: user.id };
}
