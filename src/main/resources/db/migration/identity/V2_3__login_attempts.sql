-- Identity: the audit trail of log-ins and activations, which is also where failed attempts are counted for
-- throttling, so that every node sees the same counts.
CREATE TABLE login_attempt (
    id          uuid PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('LOGIN', 'ACTIVATION', 'PASSWORD_CHANGE')),
    account_id  uuid,
    -- What was typed (trimmed, at most 100 characters) and its normalised form, the throttling key.
    login_tried text NOT NULL,
    login_key   text NOT NULL,
    outcome     text NOT NULL,
    -- Whether this attempt counts towards throttling (real failures only; refusals while throttled do not).
    counts      boolean NOT NULL,
    at          timestamptz NOT NULL,
    address     text NOT NULL,
    user_agent  text
);
CREATE INDEX login_attempt_key_idx ON login_attempt (login_key, at);
CREATE INDEX login_attempt_address_idx ON login_attempt (address, at) WHERE counts;
CREATE INDEX login_attempt_account_idx ON login_attempt (account_id, at) WHERE account_id IS NOT NULL;
CREATE INDEX login_attempt_at_idx ON login_attempt (at);
