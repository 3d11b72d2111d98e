-- The status module's history (docs/adr/0033): incidents with their updates, and the probes aggregated per minute.
-- Global data (a deployment's components are not a school's): no school_id. Written from memory by StatusStore, so
-- every write is an idempotent upsert keyed by ids made in memory.

create table status_incident (
    id uuid primary key,
    component_id text not null,
    kind text not null,
    severity text not null,
    operator text not null,
    node text not null,
    started_at timestamptz not null,
    ended_at timestamptz,
    updated_at timestamptz not null default now()
);

-- The page's last 30 days, and a node looking for an incident of the same component that is still open.
create index status_incident_started on status_incident (started_at desc);
create index status_incident_open on status_incident (component_id) where ended_at is null;

create table status_incident_update (
    id uuid primary key,
    incident_id uuid not null references status_incident (id) on delete cascade,
    posted_at timestamptz not null,
    author_id uuid,
    message_key text,
    text_fr text,
    text_en text
);

create index status_incident_update_incident on status_incident_update (incident_id, posted_at);

create table status_probe_minute (
    component_id text not null,
    node text not null,
    minute timestamptz not null,
    probes integer not null,
    failures integer not null,
    latency_sum_micros bigint not null,
    latency_max_micros bigint not null,
    primary key (component_id, node, minute)
);

create index status_probe_minute_minute on status_probe_minute (minute);
