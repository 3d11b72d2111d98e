-- Identity: the known device (a signed cookie set after an earlier successful log-in on that browser) that made an
-- attempt, if any. Throttling counts failures per login and source, the source being that device when there is one,
-- else the address; the in-memory counters are rebuilt from these rows (docs/adr/0022).
ALTER TABLE login_attempt ADD COLUMN device_id uuid;
-- The rebuild at start reads the last window of counted failures and successes.
CREATE INDEX login_attempt_recent_idx ON login_attempt (at) WHERE counts OR outcome = 'SUCCESS';
