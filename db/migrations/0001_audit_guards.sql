-- The audit trail is append-only and a chain (DESIGN.md §6): the database itself refuses
-- UPDATE, DELETE and TRUNCATE, and an INSERT that does not extend the current head.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE FUNCTION audit_events_extend_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head record;
BEGIN
  SELECT seq, chain_hash INTO head FROM audit_events ORDER BY seq DESC LIMIT 1;
  IF head IS NULL THEN
    IF NEW.seq <> 1 OR NEW.prev_hash <> repeat('0', 64) THEN
      RAISE EXCEPTION 'the first audit event must have seq 1 and the zero prev_hash' USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.chain_hash THEN
    RAISE EXCEPTION 'audit event % does not extend the head %', NEW.seq, head.seq USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_extend_head();
