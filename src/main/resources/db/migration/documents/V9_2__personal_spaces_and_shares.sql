-- Personal spaces ("espace documentaire"): one per account, in the school the account belonged to first. Its row is
-- locked while a file is added so that two uploads at once cannot together pass the quota (the sum of the owner's
-- file sizes, counted from the nodes themselves: exact by construction). See docs/adr/0036-personal-spaces-and-shares.md.
CREATE TABLE documents_space (
    account_id    uuid PRIMARY KEY,
    school_id     uuid NOT NULL,
    created_at    timestamptz NOT NULL
);

-- Folders and files of a space. A file points at a reference of the content-addressed store (blob_key). Trashed
-- nodes keep their place (parent) so that a restore puts them back; they still count in the quota until purged.
CREATE TABLE documents_node (
    school_id     uuid NOT NULL,
    id            uuid NOT NULL,
    owner_id      uuid NOT NULL,
    parent_id     uuid,
    kind          text NOT NULL CHECK (kind IN ('FOLDER', 'FILE')),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    content_type  text,
    size_bytes    bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    blob_key      text,
    trashed_at    timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (school_id, id),
    CHECK ((kind = 'FILE') = (blob_key IS NOT NULL))
);
CREATE INDEX documents_node_id_idx ON documents_node (id);
CREATE INDEX documents_node_owner_idx ON documents_node (owner_id, parent_id);

-- Read-only shares of a file or a folder (and so everything in it) with a class, a group or one person.
CREATE TABLE documents_share (
    school_id     uuid NOT NULL,
    node_id       uuid NOT NULL,
    target_kind   text NOT NULL CHECK (target_kind IN ('CLASS', 'GROUP', 'PERSON')),
    target_id     uuid NOT NULL,
    shared_by     uuid NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (school_id, node_id, target_kind, target_id)
);
CREATE INDEX documents_share_target_idx ON documents_share (target_id);
CREATE INDEX documents_share_node_idx ON documents_share (node_id);
