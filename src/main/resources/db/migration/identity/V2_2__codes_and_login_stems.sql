-- Identity: login de-duplication, one-time activation codes, and the server secret that keys their hashes.

-- Logins are derived as prenom.nom then prenom.nom2, prenom.nom3...: this index finds every login sharing a stem
-- in one indexed query per import batch.
CREATE INDEX account_login_stem_idx ON account (regexp_replace(lower(login), '[0-9]+$', ''));

-- School-issued one-time codes. Only an HMAC of the code is stored; the clear code is shown once, to be printed.
-- A newer code revokes older unused ones; a used code stays, so that "already used" can be told apart.
CREATE TABLE activation_code (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES account (id),
    code_hash   bytea NOT NULL,
    issued_by   uuid,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX activation_code_account_idx ON activation_code (account_id);

-- Secrets generated on first use and shared by every node through the database (HMAC key of activation codes).
CREATE TABLE identity_secret (
    name        text PRIMARY KEY,
    value       bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
