-- Admin: the audit log of staff and operator actions (who, what, when, on whom), written from the AuditEvents that
-- modules publish inside the transaction of each action, through the event publication registry (at least once):
-- the event's id is the key, so a redelivery writes nothing twice. Global reference data, like accounts: an
-- operator's action may concern no school (an import, surge settings), so school_id is optional and not the key.
-- No foreign keys: the log outlives what it names, and modules' tables are their own.
CREATE TABLE audit_log (
    id         uuid PRIMARY KEY,
    at         timestamptz NOT NULL,
    action     text NOT NULL,
    actor_id   uuid NOT NULL,
    school_id  uuid,
    target_id  uuid,
    detail     jsonb NOT NULL DEFAULT '{}',
    logged_at  timestamptz NOT NULL DEFAULT now()
);
-- The operator's page: everything, newest first, by key (at, id).
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
-- A direction's page: its school's entries, newest first, by key.
CREATE INDEX audit_log_school_idx ON audit_log (school_id, at DESC, id DESC) WHERE school_id IS NOT NULL;
