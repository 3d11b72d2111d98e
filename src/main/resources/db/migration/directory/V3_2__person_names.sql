-- The directory's own copy of the names it lists and searches (display name and login of accounts that are members
-- of a school or parents of a pupil). Identity owns accounts; the directory may not read its table, yet recipient
-- search must filter, sort and limit by name in SQL, next to the communication rules. The copy is filled from
-- identity's public API (Accounts.findAll) when a member has no entry yet, and refreshed after every import
-- (DirectoryChanged). Global reference data, like parent_link: a parent may belong to several schools.
CREATE TABLE directory_person (
    account_id   uuid PRIMARY KEY,
    login        text NOT NULL,
    display_name text NOT NULL,
    -- lower-cased, accents stripped, "display name login": what a search term is matched against.
    search_key   text NOT NULL,
    -- lower-cased, accents stripped display name, then the id: the stable order of lists and key pagination.
    sort_key     text NOT NULL,
    refreshed_at timestamptz NOT NULL
);
CREATE INDEX directory_person_sort_idx ON directory_person (sort_key, account_id);
