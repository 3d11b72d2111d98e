-- Communication rules: per school, per (sender role, recipient role), how far a sender reaches. Absent rows mean
-- DOMAIN.md's defaults (held in code, CommunicationDefaults), so only what a school changed is stored.
--   NOBODY        nobody of that role
--   OWN_CLASSES   people of that role around the sender's classes and groups (a pupil's teachers, a parent's
--                 children's teachers, a teacher's pupils and their parents...); staff are school-wide anyway
--   WHOLE_SCHOOL  everybody of that role in the school
CREATE TABLE communication_rule (
    school_id   uuid NOT NULL REFERENCES school (id),
    from_role   text NOT NULL CHECK (from_role IN ('PUPIL', 'PARENT', 'TEACHER', 'STAFF', 'ADMIN')),
    to_role     text NOT NULL CHECK (to_role IN ('PUPIL', 'PARENT', 'TEACHER', 'STAFF', 'ADMIN')),
    reach       text NOT NULL CHECK (reach IN ('NOBODY', 'OWN_CLASSES', 'WHOLE_SCHOOL')),
    updated_by  uuid NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (school_id, from_role, to_role)
);
-- Recipient search and "may write" look people up by role within a school.
CREATE INDEX school_member_role_idx ON school_member (school_id, role, account_id);
-- Teachers of an audience (a pupil's or a child's classes and groups).
CREATE INDEX teaching_assignment_class_idx ON teaching_assignment (school_id, class_id) WHERE class_id IS NOT NULL;
CREATE INDEX teaching_assignment_group_idx ON teaching_assignment (school_id, group_id) WHERE group_id IS NOT NULL;

-- The people of a school: its members, and the parents of its pupils even when the import did not make them
-- members there (a parent whose child is in another school than their other children). Both recipient search and
-- the admin's user search read it, so the two never disagree on who belongs to a school. Filters on school_id are
-- pushed into both branches, which use school_member's primary key and parent_link_child_idx.
CREATE VIEW school_person AS
SELECT school_id, account_id, role
FROM school_member
UNION
SELECT m.school_id, pl.parent_id AS account_id, 'PARENT' AS role
FROM school_member m
JOIN parent_link pl ON pl.child_id = m.account_id
WHERE m.role = 'PUPIL';
