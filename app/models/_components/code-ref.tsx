import type { TCodeRef } from '@/db/schema';
import { CopyableValue } from './copy-button';

/** A repository at a commit, or a content hash. */
export function CodeRef({ code, label }: { code: TCodeRef; label: string }) {
  if ('contentSha256' in code) return <CopyableValue value={code.contentSha256} label={`${label} content SHA-256`} />;
  return (
    <span className="stack">
      <span>{code.repository}</span>
      <CopyableValue value={code.commit} label={`${label} commit`} />
    </span>
  );
}
