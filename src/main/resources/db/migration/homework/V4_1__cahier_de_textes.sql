-- Homework: the cahier de textes (an official record: every version is kept), work to do, hand-ins, files.
-- Tenant-scoped: school_id leads every primary key. audience_id is a class or group id of the directory
-- (not a foreign key: modules do not reach into each other's tables).

-- One lesson of one audience in one subject: what was done (séance).
CREATE TABLE homework_entry (
    school_id      uuid NOT NULL,
    id             uuid NOT NULL,
    audience_id    uuid NOT NULL,
    subject_id     uuid NOT NULL,
    lesson_date    date NOT NULL,
    seance_html    text NOT NULL DEFAULT '',
    author_id      uuid NOT NULL,
    -- Hidden from pupils and parents until then ("publish at a set time").
    publish_at     timestamptz NOT NULL,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    updated_by     uuid NOT NULL,
    PRIMARY KEY (school_id, id)
);
-- "Aujourd'hui" and the week view read by audience and lesson date.
CREATE INDEX homework_entry_audience_date_idx ON homework_entry (school_id, audience_id, lesson_date);
-- Pages address entries, works and files by id alone (non-unique: keeps distribution by school_id possible).
CREATE INDEX homework_entry_id_idx ON homework_entry (id);
-- A teacher's entries by week, across the schools they serve.
CREATE INDEX homework_entry_author_date_idx ON homework_entry (author_id, lesson_date);

-- A piece of work to do (travail à faire), denormalised with its entry's audience, subject and publication
-- time so that the hot path reads work due in a window with one index range scan.
CREATE TABLE homework_work (
    school_id          uuid NOT NULL,
    id                 uuid NOT NULL,
    entry_id           uuid NOT NULL,
    audience_id        uuid NOT NULL,
    subject_id         uuid NOT NULL,
    publish_at         timestamptz NOT NULL,
    position           integer NOT NULL,
    instructions_html  text NOT NULL,
    due_date           date NOT NULL,
    -- Set when the work is due at a lesson (due lesson): the lesson's start; else due by the end of due_date.
    due_time           time,
    estimated_minutes  integer CHECK (estimated_minutes IS NULL OR estimated_minutes BETWEEN 1 AND 600),
    handin_expected    boolean NOT NULL DEFAULT false,
    -- After this instant no hand-in is accepted (unless the pupil was granted an extension).
    hard_cutoff        timestamptz,
    removed_at         timestamptz,
    PRIMARY KEY (school_id, id),
    FOREIGN KEY (school_id, entry_id) REFERENCES homework_entry (school_id, id)
);
CREATE INDEX homework_work_audience_due_idx ON homework_work (school_id, audience_id, due_date) WHERE removed_at IS NULL;
CREATE INDEX homework_work_entry_idx ON homework_work (school_id, entry_id);
CREATE INDEX homework_work_id_idx ON homework_work (id);

-- Every version of an entry with its works, as written (insert-only: the official record never loses one).
CREATE TABLE homework_entry_version (
    school_id   uuid NOT NULL,
    entry_id    uuid NOT NULL,
    version     integer NOT NULL,
    snapshot    jsonb NOT NULL,
    edited_by   uuid NOT NULL,
    edited_at   timestamptz NOT NULL,
    PRIMARY KEY (school_id, entry_id, version),
    FOREIGN KEY (school_id, entry_id) REFERENCES homework_entry (school_id, id)
);

-- A pupil's personal "done" tick.
CREATE TABLE homework_done (
    school_id  uuid NOT NULL,
    pupil_id   uuid NOT NULL,
    work_id    uuid NOT NULL,
    done_at    timestamptz NOT NULL,
    PRIMARY KEY (school_id, pupil_id, work_id)
);

-- A pupil's hand-in for one piece of work: DRAFT -> SUBMITTED -> RETURNED; REOPENED lets them submit again;
-- NONE: nothing handed in yet, the row only carries an extension granted to this pupil.
CREATE TABLE homework_handin (
    school_id       uuid NOT NULL,
    id              uuid NOT NULL,
    work_id         uuid NOT NULL,
    pupil_id        uuid NOT NULL,
    status          text NOT NULL CHECK (status IN ('NONE', 'DRAFT', 'SUBMITTED', 'RETURNED', 'REOPENED')),
    body_text       text NOT NULL DEFAULT '',
    submitted_at    timestamptz,
    late            boolean NOT NULL DEFAULT false,
    feedback        text,
    returned_at     timestamptz,
    returned_by     uuid,
    extended_until  timestamptz,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (school_id, id),
    UNIQUE (school_id, work_id, pupil_id)
);
CREATE INDEX homework_handin_pupil_idx ON homework_handin (school_id, pupil_id);
CREATE INDEX homework_handin_id_idx ON homework_handin (id);

-- Files: attached to a piece of work (WORK), a hand-in (HANDIN) or a teacher's return (RETURN).
CREATE TABLE homework_file (
    school_id     uuid NOT NULL,
    id            uuid NOT NULL,
    owner_kind    text NOT NULL CHECK (owner_kind IN ('WORK', 'HANDIN', 'RETURN')),
    owner_id      uuid NOT NULL,
    filename      text NOT NULL,
    content_type  text NOT NULL,
    size_bytes    bigint NOT NULL,
    storage_key   text NOT NULL,
    created_by    uuid NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (school_id, id)
);
CREATE INDEX homework_file_owner_idx ON homework_file (school_id, owner_id);
CREATE INDEX homework_file_id_idx ON homework_file (id);
