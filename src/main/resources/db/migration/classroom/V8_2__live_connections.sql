-- Presence that survives a node crash. Each node records itself with a heartbeat (classroom_node.seen_at, refreshed
-- every few seconds) and every live connection it holds (classroom_connection). A connection whose node has not
-- been seen for a while is a connection of a crashed node: whichever node notices deletes its row and writes its
-- leave, in one transaction, so the leave is written once (the delete returns the row to one deleter only).
create table classroom_node (
    node       text        primary key,
    started_at timestamptz not null,
    seen_at    timestamptz not null
);

create table classroom_connection (
    conn       text        primary key,
    school_id  uuid        not null,
    room_id    uuid        not null,
    account_id uuid        not null,
    node       text        not null,
    joined_at  timestamptz not null,
    foreign key (school_id, room_id) references classroom_room (school_id, id) on delete cascade
);

create index classroom_connection_node on classroom_connection (node);
