-- Surge: operator settings, the waiting room's shared cursor, the node-independent signing key and spent
-- proof-of-work nonces. Global tables (not tenant-scoped): they describe the deployment, not a school.

-- Operator settings, one row per setting, read by every node and re-read on the ClusterBus signal "surge".
CREATE TABLE surge_setting (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by UUID
);

-- Secrets shared by all nodes (the ticket and challenge HMAC key when none is configured).
CREATE TABLE surge_secret (
    name       TEXT PRIMARY KEY,
    value      BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Waiting-room tickets are numbered by one sequence so that first come is first served across nodes.
CREATE SEQUENCE surge_ticket_seq START WITH 1 CACHE 1;

-- The waiting room's cursor: every ticket numbered up to admitted_through may enter.
CREATE TABLE surge_room (
    id               INT PRIMARY KEY CHECK (id = 1),
    admitted_through BIGINT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO surge_room (id, admitted_through) VALUES (1, 0);

-- Proof-of-work challenges already used (single use across nodes); rows are deleted after expiry.
CREATE TABLE surge_pow_used (
    nonce      BYTEA PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX surge_pow_used_expiry_idx ON surge_pow_used (expires_at);
