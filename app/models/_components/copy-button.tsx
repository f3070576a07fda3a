'use client';
import { useState } from 'react';

/** A hash or id shown in full, selectable, with a button that copies it. */
export function CopyableValue({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(value);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <span className="row">
      <code className="secret" data-testid={label}>
        {value}
      </code>
      <button type="button" className="secondary" onClick={copy} aria-label={`Copy ${label}`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}
