-- The live classroom (classe virtuelle). A room belongs to one school and one audience (class or group); a lesson
-- room is tied to a timetable slot on one date, an ad hoc room is not. Its state is the fold of its events: every
-- event has a per-room sequence number, assigned under the room row's lock, so a client resuming from its last
-- seen number gets exactly what it missed, from any node, and a restart loses nothing.
create table classroom_room (
    school_id     uuid        not null,
    id            uuid        not null,
    kind          text        not null check (kind in ('LESSON', 'ADHOC')),
    audience_id   uuid        not null,
    subject_id    uuid,
    slot_id       uuid,
    lesson_date   date,
    title         text        not null,
    owner_id      uuid        not null,
    state         text        not null default 'WAITING' check (state in ('WAITING', 'OPEN', 'CLOSED')),
    last_seq      bigint      not null default 0,
    created_at    timestamptz not null,
    primary key (school_id, id),
    check ((kind = 'LESSON') = (slot_id is not null and lesson_date is not null))
);

create unique index classroom_room_lesson on classroom_room (school_id, slot_id, lesson_date) where slot_id is not null;
create unique index classroom_room_id on classroom_room (id);
create index classroom_room_open on classroom_room (state) where state = 'OPEN';
create index classroom_room_audience on classroom_room (school_id, audience_id, created_at);

create table classroom_event (
    school_id  uuid        not null,
    room_id    uuid        not null,
    seq        bigint      not null,
    kind       text        not null,
    actor_id   uuid,
    body       jsonb       not null,
    at         timestamptz not null,
    primary key (school_id, room_id, seq),
    foreign key (school_id, room_id) references classroom_room (school_id, id) on delete cascade
);
