package org.preau.directory.internal.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.preau.directory.DirectoryChanged;
import org.preau.identity.Accounts;
import org.preau.platform.SchoolTime;
import org.preau.platform.audit.AuditEvent;
import org.preau.platform.db.LongStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports directory files: detects each file's format and kind, imports them in dependency order, each file in
 * its own transaction (all or nothing), and records the run with its report.
 */
@Service
public class DirectoryImporter {

    private static final Logger log = LoggerFactory.getLogger(DirectoryImporter.class);

    /** Audit action code (label {@code audit.directory.import} in the imports bundle). */
    static final String IMPORT = "directory.import";

    /** A file to import: a name for the report and a way to (re)open its bytes. */
    public record Source(String name, Opener opener) {

        static Source of(Path path) {
            return new Source(path.getFileName().toString(), () -> Files.newInputStream(path));
        }
    }

    /** Opens a source; called once to detect the kind and once to import. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate jt;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final ImportRuns runs;
    private final LongStatements longStatements;

    DirectoryImporter(
            JdbcClient jdbc,
            JdbcTemplate jt,
            Accounts accounts,
            PlatformTransactionManager txManager,
            Clock clock,
            ApplicationEventPublisher events,
            ImportRuns runs,
            LongStatements longStatements) {
        this.jdbc = jdbc;
        this.jt = jt;
        this.accounts = accounts;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
        this.events = events;
        this.runs = runs;
        this.longStatements = longStatements;
    }

    /** Files given on the command line: files, or directories whose files are all imported. */
    public static List<Source> sources(List<Path> paths) throws IOException {
        var result = new ArrayList<Source>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(Files::isRegularFile)
                            .filter(f -> {
                                String n = f.getFileName().toString().toLowerCase();
                                return n.endsWith(".xml") || n.endsWith(".csv");
                            })
                            .sorted()
                            .forEach(f -> result.add(Source.of(f)));
                }
            } else {
                result.add(Source.of(p));
            }
        }
        return result;
    }

    /** The school year in progress: September to early July, named {@code 2026-2027}. */
    String schoolYear() {
        LocalDate today = LocalDate.now(clock.withZone(SchoolTime.ZONE));
        int start = today.getMonthValue() >= 8 ? today.getYear() : today.getYear() - 1;
        return start + "-" + (start + 1);
    }

    /** Imports the files in dependency order and records the run. */
    public ImportReport importAll(List<Source> sources, String actor) {
        return run(sources, actor).report();
    }

    /** A recorded run: its id in the history and its report. */
    public record Outcome(java.util.UUID runId, ImportReport report) {}

    /** Imports the files in dependency order and records the run (tooling: no account to audit). */
    public Outcome run(List<Source> sources, String actor) {
        return run(sources, actor, Optional.empty());
    }

    /**
     * Imports the files in dependency order and records the run; with the account of who asked (the operator's
     * upload), the run is audited ({@code directory.import}) in the transaction that records it.
     */
    public Outcome run(List<Source> sources, String actor, Optional<java.util.UUID> actorId) {
        Instant started = clock.instant();
        var detected = new ArrayList<Detected>();
        for (var s : sources) {
            detected.add(detect(s));
        }
        detected.sort(Comparator.comparingInt(Detected::rank));
        var reports = new ArrayList<FileReport>();
        for (var d : detected) {
            reports.add(importOne(d));
        }
        var report = new ImportReport(List.copyOf(reports));
        java.util.UUID runId = tx.execute(status -> {
            java.util.UUID id = runs.record(started, clock.instant(), actor, report);
            actorId.ifPresent(by -> events.publishEvent(AuditEvent.of(IMPORT, by, clock)
                    .with("files", report.files().size())
                    .with("rejected", report.rejectedCount())));
            return id;
        });
        return new Outcome(runId, report);
    }

    private record Detected(Source source, boolean xml, Optional<ImportKind> kind) {
        int rank() {
            return kind.map(ImportKind::rank).orElse(-1);
        }
    }

    /** XML or CSV from the first bytes; the kind from the file name, the feed's category or the CSV header. */
    private Detected detect(Source source) {
        byte[] head = new byte[16 * 1024];
        int n;
        try (InputStream in = source.opener().open()) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return new Detected(source, false, Optional.empty());
        }
        String text = new String(head, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
        String trimmed = text.stripLeading().replace("\uFEFF", "").replace("ï»¿", "");
        boolean xml = trimmed.startsWith("<");
        if (xml) {
            var kind = ImportKind.fromXmlFileName(source.name());
            if (kind.isEmpty()) {
                var m = java.util.regex.Pattern.compile(
                                "<operationalAttributes>\\s*<attr[^>]*>\\s*<value>([^<]+)</value>")
                        .matcher(text);
                if (m.find()) {
                    kind = ImportKind.fromCategory(m.group(1));
                }
            }
            return new Detected(source, true, kind);
        }
        var firstLine = trimmed.lines().findFirst().orElse("");
        try (var reader = new java.io.BufferedReader(new java.io.StringReader(firstLine))) {
            var header = CsvFileReader.header(reader);
            return new Detected(source, false, ImportKind.fromCsvHeader(header.columns()));
        } catch (IOException e) {
            return new Detected(source, false, Optional.empty());
        }
    }

    /** Imports one file in one transaction: any error rolls everything back. */
    private FileReport importOne(Detected d) {
        long t0 = System.nanoTime();
        String name = d.source().name();
        var errors = new ErrorList(name);
        var tally = new ImportTally();
        var kindSeen = new ImportKind[] {d.kind().orElse(null)};
        try {
            tx.executeWithoutResult(status -> {
                // One file, one transaction, however big the file: not cut by the limits meant for requests.
                longStatements.allowInCurrentTransaction();
                var session = new ImportSession(jdbc, jt, accounts, schoolYear(), errors, tally, d.xml());
                try (InputStream raw = d.source().opener().open();
                        InputStream in = new BufferedInputStream(raw, 64 * 1024)) {
                    if (d.xml()) {
                        new XmlFeedReader(errors, d.kind().orElse(null)).read(XmlFeedInput.open(in), session::accept);
                    } else {
                        kindSeen[0] = new CsvFileReader(errors).read(CsvFileReader.open(in), session::accept);
                    }
                    session.finish();
                } catch (UnreadableInput e) {
                    e.report(errors);
                } catch (IOException e) {
                    errors.add(0, "", "imports.error.io", e.getMessage());
                }
                if (errors.any()) {
                    status.setRollbackOnly();
                } else if (tally.touchedSchools().isEmpty() || !peopleKind(kindSeen[0])) {
                    // No person's name can have changed: dropping caches is enough, no names to re-read.
                    events.publishEvent(DirectoryChanged.everything());
                } else {
                    // Inside the transaction: the directory re-reads names and signals every node on commit.
                    tally.touchedSchools().forEach(id -> events.publishEvent(DirectoryChanged.of(id)));
                }
            });
        } catch (RuntimeException e) {
            // A database error (a constraint the checks above missed): the transaction is already rolled back.
            log.warn("Import of {} failed", name, e);
            errors.add(0, "", "imports.error.internal", rootMessage(e));
        }
        boolean accepted = !errors.any();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String kind = kindSeen[0] == null ? "?" : kindSeen[0].label();
        log.info("Imported {} ({}): {} in {} ms", name, kind, accepted ? "accepted" : "rejected", millis);
        return tally.report(name, kind, accepted, errors, millis);
    }

    private static boolean peopleKind(ImportKind kind) {
        return kind == ImportKind.XML_PARENTS
                || kind == ImportKind.XML_STAFF
                || kind == ImportKind.XML_PUPILS
                || kind == ImportKind.CSV_PEOPLE;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
