-- Files of a form refused for another field, kept until the form is sent again (at most a day): see StagedUploads.
-- Per account rather than per school: the form may be refused before it names a school (an invalid target).
-- id is random (not time-ordered): it travels in a hidden field and only its sender's account may use it.
CREATE TABLE homework_staged_upload (
    id            uuid PRIMARY KEY,
    account_id    uuid NOT NULL,
    filename      text NOT NULL,
    content_type  text NOT NULL,
    size_bytes    bigint NOT NULL,
    storage_key   text NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX homework_staged_upload_account_idx ON homework_staged_upload (account_id, created_at);
CREATE INDEX homework_staged_upload_created_idx ON homework_staged_upload (created_at);
