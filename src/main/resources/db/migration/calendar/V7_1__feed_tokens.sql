-- Calendar: one private iCalendar feed per account, reached by a secret URL. Only the token's SHA-256 is stored;
-- revoking deletes the row (a new link can be made at any time). Accounts are global, so is this table.
CREATE TABLE calendar_feed_token (
    account_id  uuid PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    last_used_at timestamptz
);
