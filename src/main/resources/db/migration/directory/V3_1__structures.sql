-- Directory: schools are the tenants. Every tenant-scoped table carries school_id and leads its primary key
-- with it, ready for distribution by school_id (Citus) when a region outgrows one server.
CREATE TABLE school (
    id          uuid PRIMARY KEY,
    uai         text NOT NULL UNIQUE CHECK (uai ~ '^[0-9]{7}[A-Z]$'),
    name        text NOT NULL,
    city        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Membership of an account in a school, with its role there (a teacher may serve two schools).
-- function: for staff, 'DIRECTION', 'VIE_SCOLAIRE', 'DOCUMENTALISTE', 'SECRETARIAT', ... (free text).
CREATE TABLE school_member (
    school_id   uuid NOT NULL REFERENCES school (id),
    account_id  uuid NOT NULL REFERENCES account (id),
    role        text NOT NULL CHECK (role IN ('PUPIL', 'PARENT', 'TEACHER', 'STAFF', 'ADMIN')),
    function    text,
    school_year text NOT NULL,
    PRIMARY KEY (school_id, account_id)
);
CREATE INDEX school_member_account_idx ON school_member (account_id);

CREATE TABLE subject (
    school_id   uuid NOT NULL REFERENCES school (id),
    id          uuid NOT NULL,
    code        text NOT NULL,
    label       text NOT NULL,
    PRIMARY KEY (school_id, id),
    UNIQUE (school_id, code)
);

CREATE TABLE school_class (
    school_id   uuid NOT NULL REFERENCES school (id),
    id          uuid NOT NULL,
    code        text NOT NULL,
    name        text NOT NULL,
    level       text,
    school_year text NOT NULL,
    PRIMARY KEY (school_id, id),
    UNIQUE (school_id, school_year, code)
);

CREATE TABLE teaching_group (
    school_id   uuid NOT NULL REFERENCES school (id),
    id          uuid NOT NULL,
    code        text NOT NULL,
    name        text NOT NULL,
    school_year text NOT NULL,
    PRIMARY KEY (school_id, id),
    UNIQUE (school_id, school_year, code)
);

CREATE TABLE class_enrolment (
    school_id   uuid NOT NULL,
    class_id    uuid NOT NULL,
    pupil_id    uuid NOT NULL REFERENCES account (id),
    PRIMARY KEY (school_id, class_id, pupil_id),
    FOREIGN KEY (school_id, class_id) REFERENCES school_class (school_id, id)
);
CREATE INDEX class_enrolment_pupil_idx ON class_enrolment (pupil_id);

CREATE TABLE group_enrolment (
    school_id   uuid NOT NULL,
    group_id    uuid NOT NULL,
    pupil_id    uuid NOT NULL REFERENCES account (id),
    PRIMARY KEY (school_id, group_id, pupil_id),
    FOREIGN KEY (school_id, group_id) REFERENCES teaching_group (school_id, id)
);
CREATE INDEX group_enrolment_pupil_idx ON group_enrolment (pupil_id);

-- A teacher teaches a subject to exactly one class or one group.
CREATE TABLE teaching_assignment (
    school_id   uuid NOT NULL,
    id          uuid NOT NULL,
    teacher_id  uuid NOT NULL REFERENCES account (id),
    class_id    uuid,
    group_id    uuid,
    subject_id  uuid NOT NULL,
    PRIMARY KEY (school_id, id),
    CHECK ((class_id IS NULL) <> (group_id IS NULL)),
    FOREIGN KEY (school_id, class_id) REFERENCES school_class (school_id, id),
    FOREIGN KEY (school_id, group_id) REFERENCES teaching_group (school_id, id),
    FOREIGN KEY (school_id, subject_id) REFERENCES subject (school_id, id)
);
CREATE UNIQUE INDEX teaching_assignment_uq
    ON teaching_assignment (school_id, teacher_id, coalesce(class_id, group_id), subject_id);
CREATE INDEX teaching_assignment_teacher_idx ON teaching_assignment (teacher_id);

-- Parent-child links are global: a parent's children may be in different schools.
CREATE TABLE parent_link (
    parent_id   uuid NOT NULL REFERENCES account (id),
    child_id    uuid NOT NULL REFERENCES account (id),
    relation    text,
    PRIMARY KEY (parent_id, child_id)
);
CREATE INDEX parent_link_child_idx ON parent_link (child_id);

-- Weekly timetable (emploi du temps): a lesson of a subject, for a class or a group, on a weekday.
CREATE TABLE timetable_slot (
    school_id   uuid NOT NULL,
    id          uuid NOT NULL,
    class_id    uuid,
    group_id    uuid,
    subject_id  uuid NOT NULL,
    teacher_id  uuid REFERENCES account (id),
    weekday     smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts_at   time NOT NULL,
    ends_at     time NOT NULL CHECK (ends_at > starts_at),
    room        text,
    PRIMARY KEY (school_id, id),
    CHECK ((class_id IS NULL) <> (group_id IS NULL)),
    FOREIGN KEY (school_id, class_id) REFERENCES school_class (school_id, id),
    FOREIGN KEY (school_id, group_id) REFERENCES teaching_group (school_id, id),
    FOREIGN KEY (school_id, subject_id) REFERENCES subject (school_id, id)
);
CREATE INDEX timetable_slot_class_idx ON timetable_slot (school_id, class_id, weekday);
CREATE INDEX timetable_slot_group_idx ON timetable_slot (school_id, group_id, weekday);
