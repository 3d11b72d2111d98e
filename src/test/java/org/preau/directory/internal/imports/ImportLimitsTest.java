package org.preau.directory.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * No value of an import file may be longer than {@link BoundedDecodingReader#MAX_CHARS}: a longer one is refused
 * as soon as it is seen, with the line where it starts, instead of being buffered whole. The files here are made
 * as they are read (5 MB values); the 200 MB one under a small heap is {@link ImportCommandLineTest}'s.
 */
@PreauIntegrationTest
class ImportLimitsTest {

    static final String LIMIT = String.valueOf(BoundedDecodingReader.MAX_CHARS);
    private static final String KB = "x".repeat(1000);

    @Autowired
    DirectoryImporter importer;

    @Autowired
    JdbcClient jdbc;

    private ImportError refused(DirectoryImporter.Source source) {
        var report = importer.importAll(List.of(source), "test");
        var file = report.files().getFirst();
        assertThat(file.accepted()).isFalse();
        assertThat(file.errors()).hasSize(1);
        return file.errors().getFirst();
    }

    private static void tooLong(ImportError e, long line) {
        assertThat(e.code()).isEqualTo("imports.error.too.long");
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.args()).containsExactly(String.valueOf(line), LIMIT);
    }

    @Test
    void aCsvLineLongerThanTheLimitIsRefusedWithItsLine() {
        var before = Feeds.dump(jdbc);

        var e = refused(Feeds.generated(
                "schools.csv", "uai;name;city\n0311234A;Collège A;Albi\n0311235B;", KB, 5_000, ";Albi\n"));

        tooLong(e, 3);
        assertThat(Feeds.dump(jdbc)).isEqualTo(before);
    }

    @Test
    void aQuotedCsvValueSpanningManyShortLinesIsBoundedAsOneValue() {
        var e = refused(Feeds.generated(
                "people.csv",
                "id;profile;uai;family_name;given_name\nR1;PARENT;;Martin;Claire\nR2;PARENT;;\"Lef",
                "evre\n",
                1_000_000,
                "\";Hélène\n"));

        tooLong(e, 3);
    }

    @Test
    void aQuotedCsvValueWithSeparatorsAndNewlinesUnderTheLimitIsStillOneValue() {
        var f = new Feeds();
        String name = "Collège \"des Pins\"; annexe\n".repeat(1_000); // 27,000 characters over 1,000 lines

        var report = importer.importAll(
                List.of(Feeds.source(
                        "schools.csv", "uai;name;city\n%s;\"%s\";Albi\n".formatted(f.uai, name.replace("\"", "\"\"")))),
                "test");

        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(jdbc.sql("select name from school where uai = ?")
                        .param(f.uai)
                        .query(String.class)
                        .single())
                .isEqualTo(name.strip());
    }

    private static String feedHead() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ficAlimMENESR>\n<addRequest>\n"
                + "<operationalAttributes><attr name=\"categoriePersonne\"><value>PersRelEleve</value></attr>"
                + "</operationalAttributes>\n<identifier><id>R1</id></identifier>\n<attributes>\n";
    }

    private static final String FEED_TAIL = "</attributes>\n</addRequest>\n</ficAlimMENESR>\n";

    @Test
    void anXmlElementTextLongerThanTheLimitIsRefusedWithItsLine() {
        var e = refused(Feeds.generated(
                "ENT_PersRelEleve.xml",
                feedHead() + "<attr name=\"sn\">\n<value>",
                KB,
                5_000,
                "</value></attr>\n" + FEED_TAIL));

        tooLong(e, 8);
    }

    @Test
    void anXmlAttributeValueLongerThanTheLimitIsRefused() {
        var e = refused(Feeds.generated(
                "ENT_PersRelEleve.xml",
                feedHead() + "<attr name=\"",
                KB,
                5_000,
                "\"><value>x</value></attr>\n" + FEED_TAIL));

        tooLong(e, 7);
    }

    @Test
    void anXmlElementNameLongerThanTheLimitIsRefused() {
        var e = refused(Feeds.generated("ENT_PersRelEleve.xml", feedHead() + "<a", KB, 5_000, "/>\n" + FEED_TAIL));

        tooLong(e, 7);
    }

    @Test
    void anXmlValueHiddenInACdataSectionFullOfMarkupIsRefusedToo() {
        var e = refused(Feeds.generated(
                "ENT_PersRelEleve.xml",
                feedHead() + "<attr name=\"sn\">\n<value><![CDATA[",
                "<b>bold</b> ".repeat(100),
                5_000,
                "]]></value></attr>\n" + FEED_TAIL));

        tooLong(e, 8);
    }
}
