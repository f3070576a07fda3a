'use client';
import { useState } from 'react';

/** A time range of the audit log as JSON Lines (the same export as /audit), with how to verify it offline. */
export function AuditLogExport() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const range = from && to ? `?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}` : '';
  return (
    <div className="card stack" aria-label="Audit log export">
      <h2>Audit log</h2>
      <div className="row">
        <label>
          From <input type="datetime-local" name="auditFrom" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="datetime-local" name="auditTo" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <a href={`/audit/export${range}`} download>
          Export {range ? 'this time range' : 'the whole log'} (JSON Lines)
        </a>
      </div>
      <div>
        <p>Verify an export offline (Node.js only, no network):</p>
        <pre>
          <code>
            {`npx modelgate verify-audit modelgate-audit-<from>-<to>.jsonl
# or, copied on its own:  node verify-audit.mjs modelgate-audit-<from>-<to>.jsonl
# pin the signing key (from /api/v1/audit/keys) so a log re-signed with another key fails:
npx modelgate verify-audit modelgate-audit-<from>-<to>.jsonl --key audit-key.pem
# catch a rollback: --min-size N, or --checkpoint an-earlier-export.jsonl`}
          </code>
        </pre>
        <p className="muted">
          It re-derives every event’s hash from its exact bytes, follows the chain from the export’s anchor and checks each Ed25519-signed checkpoint; it exits 0 with
          “verified: N events …”, or 1 with the first line that does not verify.
        </p>
      </div>
    </div>
  );
}
