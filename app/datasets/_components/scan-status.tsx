import { formatBytes } from './format';

type TScan = { status: string; bytesRead: number; bytesTotal: number; attempts: number; errorCode: string | null; errorMessage: string | null } | null;

/** Status, and while it runs a progress bar of bytes read. */
export function ScanStatus({ scan }: { scan: TScan }) {
  if (!scan) return <span className="muted">not scanned</span>;
  const percent = scan.bytesTotal ? Math.min(100, Math.round((scan.bytesRead / scan.bytesTotal) * 100)) : 0;
  return (
    <span className="stack" data-testid="scan-status">
      <span>
        Scan {scan.status}
        {scan.attempts > 1 ? ` (attempt ${scan.attempts})` : ''}
        {scan.errorCode ? `: ${scan.errorMessage} (${scan.errorCode})` : ''}
      </span>
      {(scan.status === 'running' || scan.status === 'queued') && (
        <span className="row">
          <progress max={100} value={percent} aria-label="Scan progress" />
          <span className="muted">
            {percent}% · {formatBytes(scan.bytesRead)} of {formatBytes(scan.bytesTotal)}
          </span>
        </span>
      )}
    </span>
  );
}
