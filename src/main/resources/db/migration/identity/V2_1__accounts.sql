-- Identity: accounts are global reference data (a parent may have children in several schools),
-- so this table is not distributed by school_id.
CREATE TABLE account (
    id                  uuid PRIMARY KEY,
    login               text NOT NULL,
    display_name        text NOT NULL,
    given_name          text,
    family_name         text,
    profile             text NOT NULL CHECK (profile IN ('PUPIL', 'PARENT', 'TEACHER', 'STAFF', 'ADMIN')),
    -- Argon2id PHC string; null until the account is activated with a school-issued code.
    password_hash       text,
    status              text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACTIVE', 'DISABLED')),
    email               text,
    -- Join key with the national directory feed (ENTPersonJointure) or the CSV 'id' column.
    external_id         text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz
);
CREATE UNIQUE INDEX account_login_uq ON account (lower(login));
CREATE UNIQUE INDEX account_external_id_uq ON account (external_id) WHERE external_id IS NOT NULL;
