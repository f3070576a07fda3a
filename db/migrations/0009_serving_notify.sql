-- Serving processes LISTEN on `modelgate_serving` and reload the environment named in the
-- payload. NOTIFY is transactional: it is delivered at commit, so a listener never sees a
-- change that rolled back, and sees a revocation as soon as it is committed.
CREATE FUNCTION serving_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('modelgate_serving', json_build_object('table', TG_TABLE_NAME, 'id', NEW.id, 'environmentId', NEW.environment_id)::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER deployments_serving_notify AFTER INSERT OR UPDATE ON deployments
  FOR EACH ROW EXECUTE FUNCTION serving_notify();
--> statement-breakpoint
CREATE TRIGGER promotion_requests_serving_notify AFTER UPDATE ON promotion_requests
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.approval_expires_at IS DISTINCT FROM NEW.approval_expires_at)
  EXECUTE FUNCTION serving_notify();
