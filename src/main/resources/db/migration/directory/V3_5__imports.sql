-- Imports (CSV and the national XML feed). The directory keeps the source keys it was fed with, so that a
-- re-import matches what it wrote last time without reading another module's tables.

-- A person's join key in the source (ENTPersonJointure, CSV id) and the account it became. Global, like accounts.
CREATE TABLE import_person_key (
    external_id text PRIMARY KEY,
    account_id  uuid NOT NULL UNIQUE REFERENCES account (id)
);

-- A school's join key in the national feed (ENTStructureJointure): persons refer to schools through it.
CREATE TABLE import_school_key (
    external_id text PRIMARY KEY,
    school_id   uuid NOT NULL REFERENCES school (id)
);

-- National nomenclatures (MatiereEducNat, MefEducNat): académie-wide, copied into a school's subjects the first time
-- one of its teachers teaches it.
CREATE TABLE import_subject_ref (
    code  text PRIMARY KEY,
    label text NOT NULL
);
CREATE TABLE import_level_ref (
    code  text PRIMARY KEY,
    label text NOT NULL
);

-- A lesson is identified by its audience, weekday and start time, so that re-importing a timetable updates it in
-- place instead of adding duplicates.
CREATE UNIQUE INDEX timetable_slot_natural_uq
    ON timetable_slot (school_id, coalesce(class_id, group_id), weekday, starts_at);

-- History of import runs with their reports (shown on /admin/imports).
CREATE TABLE import_run (
    id           uuid PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    actor        text NOT NULL,
    accepted     boolean NOT NULL,
    files        integer NOT NULL,
    report       jsonb NOT NULL
);
CREATE INDEX import_run_started_idx ON import_run (started_at DESC);
