-- Messaging: a message is stored once (message), with one mailbox row per party (the sender's copy, each
-- recipient's) carrying that party's state: folder, read, trash (ADR 0045). Tenant-scoped: school_id leads every
-- primary key. Account, class and group ids are the directory's (not foreign keys: modules do not reach into each
-- other's tables).

CREATE TABLE message (
    school_id    uuid NOT NULL,
    id           uuid NOT NULL,
    -- The first message of the conversation; replies share it.
    thread_id    uuid NOT NULL,
    sender_id    uuid NOT NULL,
    sender_name  text NOT NULL,
    subject      text NOT NULL,
    body_html    text NOT NULL,
    body_source  text NOT NULL,
    -- NULL while it is a draft.
    sent_at      timestamptz,
    updated_at   timestamptz NOT NULL,
    -- The message this one answers or forwards, if any.
    parent_id    uuid,
    -- What a search in one's own messages matches (ADR 0046): subject, sender and body, no stemming.
    search       tsvector GENERATED ALWAYS AS (
                     to_tsvector('simple', subject || ' ' || sender_name || ' ' || body_source)) STORED,
    PRIMARY KEY (school_id, id)
);
CREATE INDEX message_id_idx ON message (id);
CREATE INDEX message_thread_idx ON message (thread_id, sent_at);
CREATE INDEX message_search_idx ON message USING gin (search);

-- Whom a message (or a draft) is addressed to, as the sender chose: people and groups, with the name shown.
CREATE TABLE message_target (
    school_id   uuid NOT NULL,
    message_id  uuid NOT NULL,
    position    integer NOT NULL,
    -- PERSON (ref = an account id) or a group key of the directory (RecipientGroup.key()).
    kind        text NOT NULL,
    ref         text NOT NULL,
    name        text NOT NULL,
    PRIMARY KEY (school_id, message_id, position)
);
CREATE INDEX message_target_message_idx ON message_target (message_id);

-- One party's copy of a message: the sender's (SENDER, also a draft's) and each recipient's (RECIPIENT), each
-- recipient exactly once however many of the groups sent to they belong to.
CREATE TABLE mailbox (
    school_id   uuid NOT NULL,
    message_id  uuid NOT NULL,
    account_id  uuid NOT NULL,
    party       text NOT NULL CHECK (party IN ('SENDER', 'RECIPIENT')),
    -- Where the row sorts in its folder: when it was sent, or for a draft when it was last saved.
    listed_at   timestamptz NOT NULL,
    read_at     timestamptz,
    trashed_at  timestamptz,
    folder_id   uuid,
    PRIMARY KEY (school_id, message_id, account_id)
);
-- Opening a message by id: through the reader's own row, whatever id is guessed.
CREATE INDEX mailbox_message_idx ON mailbox (message_id, account_id);
-- Folder listings, newest first, by key.
CREATE INDEX mailbox_account_idx ON mailbox (account_id, party, listed_at DESC, message_id);
-- Unread counts: exact (a count, not a counter), and cheap through this partial index.
CREATE INDEX mailbox_unread_idx ON mailbox (account_id) WHERE party = 'RECIPIENT' AND read_at IS NULL
    AND trashed_at IS NULL;

-- Folders a person makes for themself.
CREATE TABLE mail_folder (
    school_id   uuid NOT NULL,
    id          uuid NOT NULL,
    account_id  uuid NOT NULL,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (school_id, id)
);
CREATE UNIQUE INDEX mail_folder_name_idx ON mail_folder (account_id, lower(name));

-- "Signaler ce message": the report, with a copy of what was reported, kept whatever the sender does (ADR 0048).
CREATE TABLE message_report (
    school_id        uuid NOT NULL,
    id               uuid NOT NULL,
    message_id       uuid NOT NULL,
    reporter_id      uuid NOT NULL,
    reason           text NOT NULL,
    reported_at      timestamptz NOT NULL,
    sender_id        uuid NOT NULL,
    sender_name      text NOT NULL,
    evidence_subject text NOT NULL,
    evidence_html    text NOT NULL,
    evidence_sent_at timestamptz NOT NULL,
    closed_by        uuid,
    closed_at        timestamptz,
    PRIMARY KEY (school_id, id)
);
CREATE UNIQUE INDEX message_report_once_idx ON message_report (message_id, reporter_id);
CREATE INDEX message_report_open_idx ON message_report (school_id, reported_at) WHERE closed_at IS NULL;

-- One account's sending suspended by its school's staff (reading stays possible).
CREATE TABLE messaging_account_suspension (
    school_id     uuid NOT NULL,
    account_id    uuid NOT NULL,
    reason        text NOT NULL,
    suspended_by  uuid NOT NULL,
    suspended_at  timestamptz NOT NULL,
    PRIMARY KEY (school_id, account_id)
);
CREATE INDEX messaging_account_suspension_account_idx ON messaging_account_suspension (account_id);

-- Messaging suspended for a whole school (by its direction or the operator), or for every school (the operator:
-- school_id is then the nil UUID). Reading stays possible; the reason is shown in a banner.
CREATE TABLE messaging_suspension (
    school_id     uuid NOT NULL,
    reason        text NOT NULL,
    suspended_by  uuid NOT NULL,
    suspended_at  timestamptz NOT NULL,
    PRIMARY KEY (school_id)
);
