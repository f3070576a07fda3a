import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { env } from '../env';

/** NEXTAUTH_SECRET, or one generated on first start and kept in the data folder (for the demo). */
export function authSecret(): string {
  const settings = env();
  if (settings.NEXTAUTH_SECRET) return settings.NEXTAUTH_SECRET;
  const file = join(settings.MODELGATE_DATA_DIR, 'auth-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(settings.MODELGATE_DATA_DIR, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}
