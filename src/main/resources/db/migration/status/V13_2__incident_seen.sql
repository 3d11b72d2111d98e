-- When a node last saw what opened an incident (failed probes, the waiting room open), so that a node that sees the
-- component well does not close an incident another node still sees (docs/adr/0070). Older rows: their start.
alter table status_incident add column seen_at timestamptz;
