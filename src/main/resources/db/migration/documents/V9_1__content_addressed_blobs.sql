-- Blobs are content-addressed: one row per distinct SHA-256, whoever uploaded it and in whatever school (a worksheet
-- shared with thirty classes is stored once). Global, not per school: the same bytes may serve several schools, and
-- no row here says who owns them (the references' holders do). See docs/adr/0035-content-addressed-storage-local-or-s3.md.
CREATE TABLE documents_blob (
    hash          text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
    size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
    content_type  text NOT NULL,
    created_at    timestamptz NOT NULL,
    -- When the last reference went; housekeeping removes the blob a grace period later if none came back.
    released_at   timestamptz
);
CREATE INDEX documents_blob_released_idx ON documents_blob (coalesce(released_at, created_at));

-- A reference is what other modules keep (homework's storage_key): one per attachment, hand-in file or document.
CREATE TABLE documents_blob_ref (
    id            uuid PRIMARY KEY,
    hash          text NOT NULL REFERENCES documents_blob (hash),
    created_at    timestamptz NOT NULL
);
CREATE INDEX documents_blob_ref_hash_idx ON documents_blob_ref (hash);
