package org.preau.directory.internal.imports;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The history of import runs, each with its full report (as JSON), newest first. */
@Repository
public class ImportRuns {

    /** One past run. */
    public record Run(UUID id, Instant startedAt, Instant finishedAt, String actor, boolean accepted, int files) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ImportRuns(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    UUID record(Instant started, Instant finished, String actor, ImportReport report) {
        UUID id = Ids.newId();
        jdbc.sql("""
                        insert into import_run (id, started_at, finished_at, actor, accepted, files, report)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(
                        id,
                        OffsetDateTime.ofInstant(started, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(finished, ZoneOffset.UTC),
                        actor,
                        report.accepted(),
                        report.files().size(),
                        json.writeValueAsString(report))
                .update();
        return id;
    }

    List<Run> latest(int limit) {
        return jdbc.sql("""
                        select id, started_at, finished_at, actor, accepted, files from import_run
                        order by started_at desc limit ?""")
                .param(limit)
                .query((rs, n) -> new Run(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getString(4),
                        rs.getBoolean(5),
                        rs.getInt(6)))
                .list();
    }

    Optional<ImportReport> report(UUID id) {
        return jdbc.sql("select report::text from import_run where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(text -> json.readValue(text, ImportReport.class));
    }
}
