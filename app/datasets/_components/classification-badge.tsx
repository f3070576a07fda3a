const STYLE: Record<string, string> = { restricted: 'badge bad', confidential: 'badge bad', internal: 'badge', public: 'badge ok' };

export function ClassificationBadge({ value }: { value: string | null }) {
  return <span className={STYLE[value ?? ''] ?? 'badge'} data-testid="classification">{value ?? 'not yet classified'}</span>;
}
