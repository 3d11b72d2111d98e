package org.preau.directory.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.directory.HolidayZone;
import org.preau.directory.SchoolCalendar;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A school's holiday zone set by its import: the CSV "zone" column, the national feed's académie. */
@PreauIntegrationTest
class SchoolZoneImportTest {

    @Autowired
    DirectoryImporter importer;

    @Autowired
    SchoolCalendar calendar;

    @Autowired
    JdbcClient jdbc;

    private UUID school(String uai) {
        return jdbc.sql("select id from school where uai = ?")
                .param(uai)
                .query(UUID.class)
                .single();
    }

    private String storedZone(String uai) {
        return jdbc.sql("select coalesce(holiday_zone, '-') from school where uai = ?")
                .param(uai)
                .query(String.class)
                .single();
    }

    @Test
    void aCsvZoneIsStoredAndAnEmptyOneKeepsItOrLeavesItToTheUai() {
        var f = new Feeds();
        String uai = "031" + f.uai.substring(3); // Haute-Garonne: zone C by its UAI
        var report = importer.importAll(
                List.of(Feeds.source(
                        "schools.csv", "uai;name;city;zone\n%s;Collège Z %s;Toulouse;b\n".formatted(uai, f.s))),
                "test");
        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(storedZone(uai)).isEqualTo("B");
        assertThat(calendar.zone(school(uai))).contains(HolidayZone.B);

        // Re-importing without a zone keeps the one set, and changes nothing.
        var again = importer.importAll(
                List.of(Feeds.source("schools.csv", "uai;name;city\n%s;Collège Z %s;Toulouse\n".formatted(uai, f.s))),
                "test");
        assertThat(again.files().getFirst().updated()).isZero();
        assertThat(storedZone(uai)).isEqualTo("B");

        // A new zone reaches the (cached) calendar as soon as the import commits.
        importer.importAll(
                List.of(Feeds.source(
                        "schools.csv", "uai;name;city;zone\n%s;Collège Z %s;Toulouse;A\n".formatted(uai, f.s))),
                "test");
        assertThat(calendar.zone(school(uai))).contains(HolidayZone.A);

        // A school imported without a zone gets the zone of its UAI.
        String other = "069" + f.uai.substring(3);
        importer.importAll(
                List.of(Feeds.source(
                        "schools.csv", "uai;name;city;zone\n%s;Collège L %s;Lyon;\n".formatted(other, f.s))),
                "test");
        assertThat(storedZone(other)).isEqualTo("-");
        assertThat(calendar.zone(school(other))).contains(HolidayZone.A);
    }

    @Test
    void anUnknownZoneRejectsTheFileWithItsLine() {
        var f = new Feeds();
        var report = importer.importAll(
                List.of(Feeds.source(
                        "schools.csv", "uai;name;city;zone\n%s;Collège %s;Albi;D\n".formatted(f.uai, f.s))),
                "test");
        var file = report.files().getFirst();
        assertThat(file.accepted()).isFalse();
        assertThat(file.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.field()).isEqualTo("zone");
            assertThat(e.code()).isEqualTo("imports.error.zone");
        });
        assertThat(jdbc.sql("select count(*) from school where uai = ?")
                        .param(f.uai)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theNationalFeedsAcademieSetsTheZone() {
        var f = new Feeds();
        String uai = "075" + f.uai.substring(3); // Paris: zone C by its UAI, but the feed says Clermont-Ferrand
        String feed = Feeds.feed(Feeds.add(
                "categorieStructure",
                "EtabEducNat",
                "ETAB-" + f.s,
                Feeds.attr("ENTStructureJointure", "ETAB-" + f.s)
                        + Feeds.attr("ENTStructureUAI", uai)
                        + Feeds.attr("ENTStructureNomCourant", "COLLEGE TEST " + f.s)
                        + Feeds.attr("ENTServAcAcademie", "CLERMONT-FERRAND")));
        var report = importer.importAll(List.of(Feeds.source("ENT_EtabEducNat_0001.xml", feed)), "test");
        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(storedZone(uai)).isEqualTo("A");
        assertThat(calendar.zone(school(uai))).contains(HolidayZone.A);
    }
}
