-- News (actualités) of one school, to the whole school (audience_id null) or to one class or group.
-- The body is stored rendered and sanitised (body_html) next to the author's Markdown (body_source).
CREATE TABLE news_item (
    school_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    audience_id   uuid,
    audience_kind text        NOT NULL CHECK (audience_kind IN ('SCHOOL', 'CLASS', 'GROUP')),
    audience_name text        NOT NULL,
    title         text        NOT NULL,
    body_html     text        NOT NULL,
    body_source   text        NOT NULL,
    author_id     uuid        NOT NULL,
    author_name   text        NOT NULL,
    publish_at    timestamptz NOT NULL,
    expires_at    timestamptz,
    pinned        boolean     NOT NULL DEFAULT false,
    withdrawn_at  timestamptz,
    withdrawn_by  uuid,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (school_id, id),
    CHECK (expires_at IS NULL OR expires_at > publish_at),
    CHECK ((audience_kind = 'SCHOOL') = (audience_id IS NULL))
);

-- The per-school cache loads the school's current and scheduled news (not withdrawn, not expired), newest first.
CREATE INDEX news_item_current ON news_item (school_id, publish_at DESC) WHERE withdrawn_at IS NULL;
-- An author's own items, for their management list.
CREATE INDEX news_item_by_author ON news_item (author_id, created_at DESC);
-- Actions address an item by id alone (non-unique: keeps distribution by school_id possible).
CREATE INDEX news_item_id_idx ON news_item (id);
