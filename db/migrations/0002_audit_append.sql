-- Appending to the audit chain (DESIGN.md §6), in one call per transaction: take the append
-- lock, read the head, then assign seq and time and hash each event. Doing it server-side
-- keeps client round trips out of the time the lock is held, which bounds append throughput.
-- Each statement in this (volatile) function takes a fresh snapshot, so the head read after
-- the lock is granted is the one the previous holder committed.
-- Hashing as in server/audit/hashing.ts: leaf = SHA-256(0x00 ‖ utf8 body),
-- chain = SHA-256(prev ‖ leaf) over raw digests. `events` holds, per event, the body around
-- its time and seq (pre ‖ at ‖ mid ‖ seq ‖ post, see bodyTemplate) and the filter columns.
CREATE FUNCTION audit_append(events jsonb, actor_type text, actor_id text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  prev bytea;
  at_text text;
  at_time timestamptz;
  e jsonb;
  body text;
  leaf bytea;
  chain bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(7239411);
  SELECT a.seq, decode(a.chain_hash, 'hex') INTO head_seq, prev FROM audit_events a ORDER BY a.seq DESC LIMIT 1;
  IF NOT FOUND THEN
    head_seq := 0;
    prev := decode(repeat('0', 64), 'hex');
  END IF;
  at_time := clock_timestamp();
  at_text := to_char(at_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  FOR e IN SELECT value FROM jsonb_array_elements(events) LOOP
    head_seq := head_seq + 1;
    body := (e->>'pre') || at_text || (e->>'mid') || head_seq::text || (e->>'post');
    leaf := sha256('\x00'::bytea || convert_to(body, 'UTF8'));
    chain := sha256(prev || leaf);
    INSERT INTO audit_events (seq, body, leaf_hash, prev_hash, chain_hash, at, actor_type, actor_id, action, subject_type, subject_id, outcome)
    VALUES (head_seq, body, encode(leaf, 'hex'), encode(prev, 'hex'), encode(chain, 'hex'), at_time,
            audit_append.actor_type, audit_append.actor_id, e->>'action', e->>'subject_type', e->>'subject_id', e->>'outcome');
    prev := chain;
  END LOOP;
  RETURN head_seq;
END;
$$;
--> statement-breakpoint
-- Replica mode (session_replication_role) skips ordinary triggers; these fire in every mode.
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_update_delete;
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_truncate;
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_chain;
