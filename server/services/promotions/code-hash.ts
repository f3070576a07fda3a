import type { TCodeRef } from '@/db/schema';

/** The hash a request binds for a code reference: the git commit, or the content SHA-256. */
export function codeHashOf(ref: TCodeRef): string {
  return 'commit' in ref ? ref.commit : ref.contentSha256;
}
