package org.preau.directory.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preau.identity.Accounts;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Files that are not in the encoding they claim are refused with the place of the first bad byte. */
@PreauIntegrationTest
class ImportEncodingTest {

    @Autowired
    DirectoryImporter importer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    private String people(Feeds f) {
        return """
                id;profile;uai;family_name;given_name;login;email;function;classes;groups;parents;teaches
                R1-%2$s;PARENT;;Martin;Claire;;;;;;;
                R2-%2$s;PARENT;;Lefèvre;Hélène;;;;;;;
                """.formatted(f.uai, f.s);
    }

    private void importSchool(Feeds f) {
        var report = importer.importAll(
                List.of(Feeds.source("schools.csv", "uai;name;city\n%s;Collège %s;Albi\n".formatted(f.uai, f.s))),
                "test");
        assertThat(report.accepted()).as(report.toString()).isTrue();
    }

    private String displayName(String externalId) {
        UUID id = jdbc.sql("select account_id from import_person_key where external_id = ?")
                .param(externalId)
                .query(UUID.class)
                .single();
        return accounts.find(id).orElseThrow().displayName();
    }

    private static boolean anyReplacementCharacter(List<String> dump) {
        return dump.stream().anyMatch(row -> row.indexOf('\uFFFD') >= 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ISO-8859-1", "windows-1252"})
    void aCsvInASingleByteEncodingIsRefusedAtItsFirstAccentAndNothingIsWritten(String charset) {
        var f = new Feeds();
        importSchool(f);
        var before = Feeds.dump(jdbc);

        var report = importer.importAll(
                List.of(Feeds.source("people.csv", people(f).getBytes(Charset.forName(charset)))), "test");

        var file = report.files().getFirst();
        assertThat(file.accepted()).isFalse();
        assertThat(file.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("imports.error.encoding");
            assertThat(e.line()).isEqualTo(3);
            // "R2-…;PARENT;;Lef" then the è: its column and its byte, in the file's expected encoding.
            assertThat(e.args())
                    .containsExactly("3", String.valueOf(("R2-" + f.s + ";PARENT;;Lef").length() + 1), "UTF-8", "E8");
        });
        var after = Feeds.dump(jdbc);
        assertThat(after).isEqualTo(before);
        assertThat(anyReplacementCharacter(after)).isFalse();
    }

    @Test
    void aUtf8CsvWithOneInvalidByteIsRefusedAtThatLine() throws Exception {
        var f = new Feeds();
        importSchool(f);
        var before = Feeds.dump(jdbc);
        var bytes = new ByteArrayOutputStream();
        bytes.write(people(f).getBytes(StandardCharsets.UTF_8));
        bytes.write("R3-%s;PARENT;;Dupont;Zo".formatted(f.s).getBytes(StandardCharsets.UTF_8));
        bytes.write(0xFF);
        bytes.write(";;;;;;;\n".getBytes(StandardCharsets.UTF_8));

        var report = importer.importAll(List.of(Feeds.source("people.csv", bytes.toByteArray())), "test");

        var file = report.files().getFirst();
        assertThat(file.accepted()).isFalse();
        assertThat(file.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("imports.error.encoding");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.args())
                    .containsExactly(
                            "4", String.valueOf(("R3-" + f.s + ";PARENT;;Dupont;Zo").length() + 1), "UTF-8", "FF");
        });
        assertThat(Feeds.dump(jdbc)).isEqualTo(before);
    }

    @Test
    void aUtf8CsvWithABomKeepsItsAccents() {
        var f = new Feeds();
        importSchool(f);

        var report = importer.importAll(List.of(Feeds.source("people.csv", "\uFEFF" + people(f))), "test");

        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(displayName("R2-" + f.s)).isEqualTo("Hélène Lefèvre");
    }

    private static String parentsFeed(Feeds f, String declaration) {
        return declaration + "<ficAlimMENESR>\n"
                + Feeds.person("PersRelEleve", "R1-" + f.s, "Claire", "Martin", "")
                + Feeds.person("PersRelEleve", "R2-" + f.s, "Hélène", "Lefèvre", "")
                + "</ficAlimMENESR>\n";
    }

    @Test
    void aLatin1FeedThatDeclaresNoEncodingIsRefusedWithTheLineOfItsFirstAccent() {
        var f = new Feeds();
        var before = Feeds.dump(jdbc);
        String feed = parentsFeed(f, "<?xml version=\"1.0\"?>\n");

        var report = importer.importAll(
                List.of(Feeds.source("ENT_PersRelEleve.xml", feed.getBytes(StandardCharsets.ISO_8859_1))), "test");

        var file = report.files().getFirst();
        assertThat(file.accepted()).isFalse();
        assertThat(file.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("imports.error.encoding");
            assertThat(e.line()).isEqualTo(XmlFeedImportTest.lineOf(feed, "Lefèvre"));
            assertThat(e.args()).contains("UTF-8", "E8");
        });
        assertThat(Feeds.dump(jdbc)).isEqualTo(before);
    }

    @Test
    void aFeedThatDeclaresLatin1IsReadInLatin1() {
        var f = new Feeds();
        String feed = parentsFeed(f, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n");

        var report = importer.importAll(
                List.of(Feeds.source("ENT_PersRelEleve.xml", feed.getBytes(StandardCharsets.ISO_8859_1))), "test");

        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(displayName("R2-" + f.s)).isEqualTo("Hélène Lefèvre");
    }

    @Test
    void aUtf8FeedWithABomKeepsItsAccents() {
        var f = new Feeds();
        String feed = "\uFEFF" + parentsFeed(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

        var report = importer.importAll(List.of(Feeds.source("ENT_PersRelEleve.xml", feed)), "test");

        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(displayName("R2-" + f.s)).isEqualTo("Hélène Lefèvre");
    }
}
