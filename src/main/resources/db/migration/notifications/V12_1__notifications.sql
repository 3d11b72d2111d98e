-- Notifications: one feed per person ("Nouveautés"), e-mail preferences and the mail outbox.
-- The feed is per account, across the schools a person belongs to (a parent with children in two schools reads one
-- feed): like sessions, it is keyed by account rather than by school (ADR 0051).

CREATE TABLE notification (
    account_id  uuid        NOT NULL,
    id          uuid        NOT NULL,
    -- What makes it unique for this person, stable across redeliveries of the event that caused it: the consumer
    -- inserts with ON CONFLICT DO NOTHING, so a redelivered event adds nothing.
    source_key  text        NOT NULL CHECK (length(source_key) <= 200),
    kind        text        NOT NULL,
    args        text[]      NOT NULL,
    link        text        NOT NULL,
    school_id   uuid,
    visible_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz,
    PRIMARY KEY (account_id, id),
    UNIQUE (account_id, source_key)
);
-- The feed, newest first, paginated by key (visible_at, id).
CREATE INDEX notification_feed_idx ON notification (account_id, visible_at DESC, id DESC);
-- The unread count and the digest read only unread rows.
CREATE INDEX notification_unread_idx ON notification (account_id, visible_at) WHERE read_at IS NULL;

CREATE TABLE notification_preference (
    account_id     uuid        PRIMARY KEY,
    email          text,
    email_mode     text        NOT NULL CHECK (email_mode IN ('IMMEDIATE', 'DIGEST', 'NEVER')),
    lang           text        NOT NULL DEFAULT 'fr',
    last_digest_at timestamptz,
    updated_at     timestamptz NOT NULL,
    CHECK (email_mode = 'NEVER' OR email IS NOT NULL)
);
CREATE INDEX notification_preference_digest_idx ON notification_preference (account_id) WHERE email_mode = 'DIGEST';

-- Every mail leaves through this table (ADR 0052): written in the transaction that decided to send it, sent by a
-- relay that claims due rows, retried with back-off while SMTP fails, never deleted before it was accepted.
CREATE TABLE mail_outbox (
    id              uuid        PRIMARY KEY,
    -- One mail per cause: a notification, or one person's digest of one day.
    dedup_key       text        NOT NULL UNIQUE,
    -- Sent as the Message-ID header, the same on every attempt: a mail sent twice after a crash is recognisably
    -- the same message.
    message_id      text        NOT NULL UNIQUE,
    recipient       text        NOT NULL,
    domain          text        NOT NULL,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    sent_at         timestamptz
);
-- What the relay claims: unsent rows by due time.
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
-- The rate per destination domain counts what was sent there in the last minute.
CREATE INDEX mail_outbox_domain_sent_idx ON mail_outbox (domain, sent_at) WHERE sent_at IS NOT NULL;
