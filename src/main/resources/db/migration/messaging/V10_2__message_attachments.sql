-- Attachments of a message (or a draft): stored once per message, whatever the number of recipients; the bytes
-- are the documents module's (storage_key is a FileStore reference, counted in the transaction that writes this
-- row). A forward gets its own references to the same bytes; a reply gets none (ADR 0060).
CREATE TABLE message_attachment (
    school_id     uuid NOT NULL,
    message_id    uuid NOT NULL,
    id            uuid NOT NULL,
    filename      text NOT NULL,
    content_type  text NOT NULL,
    size_bytes    bigint NOT NULL,
    storage_key   text NOT NULL,
    added_at      timestamptz NOT NULL,
    PRIMARY KEY (school_id, message_id, id)
);
CREATE INDEX message_attachment_message_idx ON message_attachment (message_id, added_at, id);
