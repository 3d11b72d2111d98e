package org.preau.directory.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.identity.AccountStatus;
import org.preau.identity.Accounts;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PreauIntegrationTest
class XmlFeedImportTest {

    @Autowired
    DirectoryImporter importer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    private UUID account(String externalId) {
        return jdbc.sql("select account_id from import_person_key where external_id = ?")
                .param(externalId)
                .query(UUID.class)
                .single();
    }

    @Test
    void nationalFeedCreatesSchoolClassesPeopleAndTheirLinksInDependencyOrder() {
        var f = new Feeds();
        var report = importer.importAll(f.wholeFeed(), "test");

        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(report.files())
                .extracting(FileReport::kind)
                .containsExactly("EtabEducNat", "MatiereEducNat", "PersRelEleve", "PersEducNat", "Eleve");
        UUID school = jdbc.sql("select id from school where uai = ?")
                .param(f.uai)
                .query(UUID.class)
                .single();
        UUID pupil = account("E1-" + f.s);
        assertThat(jdbc.sql("""
                        select c.code from class_enrolment e join school_class c on c.id = e.class_id
                        where e.pupil_id = ?""").param(pupil).query(String.class).list()).containsExactly("3A");
        assertThat(jdbc.sql("select count(*) from group_enrolment where pupil_id = ?")
                        .param(pupil)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from parent_link where child_id = ?")
                        .param(pupil)
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select role from school_member where school_id = ? and account_id = ?")
                        .params(school, account("R1-" + f.s))
                        .query(String.class)
                        .single())
                .isEqualTo("PARENT");
        assertThat(jdbc.sql("select function from school_member where school_id = ? and account_id = ?")
                        .params(school, account("D1-" + f.s))
                        .query(String.class)
                        .single())
                .isEqualTo("DIRECTION");
        assertThat(jdbc.sql("select count(*) from teaching_assignment where teacher_id = ?")
                        .param(account("P1-" + f.s))
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
        assertThat(accounts.find(pupil).orElseThrow().displayName()).isEqualTo("Louise Martin");
    }

    @Test
    void reimportingTheSameFilesChangesNothing() {
        var f = new Feeds();
        assertThat(importer.importAll(f.wholeFeed(), "test").accepted()).isTrue();
        var before = Feeds.dump(jdbc);

        var again = importer.importAll(f.wholeFeed(), "test");

        assertThat(again.accepted()).isTrue();
        assertThat(Feeds.dump(jdbc)).isEqualTo(before); // includes every updated_at
        assertThat(again.files()).allSatisfy(file -> {
            assertThat(file.created()).isZero();
            assertThat(file.updated()).isZero();
            assertThat(file.unchanged()).isEqualTo(file.records());
        });
    }

    @Test
    void aBadLineInTheMiddleRejectsTheWholeFileAndWritesNothing() {
        var f = new Feeds();
        importer.importAll(
                List.of(Feeds.source("Etab.xml", f.schools()), Feeds.source("Mat.xml", f.subjects())), "test");
        importer.importAll(List.of(Feeds.source("ENT_PersRelEleve.xml", f.parents())), "test");
        var before = Feeds.dump(jdbc);
        String etab = "ETAB-" + f.s;
        String bad = Feeds.feed(Feeds.person(
                        "Eleve",
                        "E1-" + f.s,
                        "Louise",
                        "Martin",
                        Feeds.attr("ENTPersonStructRattach", etab) + Feeds.attr("ENTEleveClasses", etab + "$3A"))
                + Feeds.person(
                        "Eleve",
                        "E2-" + f.s,
                        "Hugo",
                        "Bernard",
                        Feeds.attr("ENTPersonStructRattach", etab)
                                + Feeds.attr("ENTPersonDateNaissance", "31/02/2012")
                                + Feeds.attr("ENTEleveAutoriteParentale", "NOBODY-" + f.s))
                + Feeds.person(
                        "Eleve",
                        "E3-" + f.s,
                        "Jade",
                        "Petit",
                        Feeds.attr("ENTPersonStructRattach", etab) + Feeds.attr("ENTEleveClasses", etab + "$3B")));

        var report = importer.importAll(List.of(Feeds.source("ENT_IT_Complet_Eleve_bad.xml", bad)), "test");

        var file = report.files().getFirst();
        assertThat(file.accepted()).isFalse();
        assertThat(Feeds.dump(jdbc)).isEqualTo(before);
        assertThat(file.errors()).anySatisfy(e -> {
            assertThat(e.file()).isEqualTo("ENT_IT_Complet_Eleve_bad.xml");
            assertThat(e.field()).isEqualTo("ENTPersonDateNaissance");
            assertThat(e.line()).isEqualTo(lineOf(bad, "31/02/2012"));
        });
    }

    static long lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        return text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void modifyRequestMovesAPupilAndRenamesThem() {
        var f = new Feeds();
        importer.importAll(f.wholeFeed(), "test");
        String etab = "ETAB-" + f.s;
        String modify = Feeds.feed("""
                <modifyRequest>
                <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                <identifier><id>E1-%s</id></identifier>
                <modifications>
                <modification name="ENTEleveClasses" operation="replace"><value>%s$3B</value></modification>
                <modification name="sn" operation="replace"><value>Martin-Durand</value></modification>
                <modification name="givenName" operation="replace"><value>Louise</value></modification>
                </modifications>
                </modifyRequest>
                """.formatted(f.s, etab));

        var report = importer.importAll(List.of(Feeds.source("ENT_Eleve_modif.xml", modify)), "test");

        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(report.files().getFirst().updated()).isEqualTo(1);
        UUID pupil = account("E1-" + f.s);
        assertThat(jdbc.sql("""
                        select c.code from class_enrolment e join school_class c on c.id = e.class_id
                        where e.pupil_id = ?""").param(pupil).query(String.class).list()).containsExactly("3B");
        assertThat(accounts.find(pupil).orElseThrow().displayName()).isEqualTo("Louise Martin-Durand");
        // Groups and parents were not in the modification: kept.
        assertThat(jdbc.sql("select count(*) from parent_link where child_id = ?")
                        .param(pupil)
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void deleteRequestDisablesTheAccountAndRemovesItsMemberships() {
        var f = new Feeds();
        importer.importAll(f.wholeFeed(), "test");
        String delete = Feeds.feed("""
                <deleteRequest>
                <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                <identifier><id>E1-%s</id></identifier>
                </deleteRequest>
                """.formatted(f.s));

        var report = importer.importAll(List.of(Feeds.source("ENT_Eleve_delete.xml", delete)), "test");

        assertThat(report.files().getFirst().disabled()).isEqualTo(1);
        UUID pupil = account("E1-" + f.s);
        assertThat(accounts.find(pupil).orElseThrow().status()).isEqualTo(AccountStatus.DISABLED);
        for (String sql : List.of(
                "select count(*) from school_member where account_id = ?",
                "select count(*) from class_enrolment where pupil_id = ?",
                "select count(*) from group_enrolment where pupil_id = ?",
                "select count(*) from parent_link where child_id = ?")) {
            assertThat(jdbc.sql(sql).param(pupil).query(Integer.class).single())
                    .as(sql)
                    .isZero();
        }
        var twice = importer.importAll(List.of(Feeds.source("ENT_Eleve_delete.xml", delete)), "test");
        assertThat(twice.files().getFirst().disabled()).isZero();
    }

    @Test
    void aFileThatIsNotTheFeedIsRejectedWithItsLine() {
        var report = importer.importAll(
                List.of(Feeds.source(
                        "ENT_Eleve_broken.xml", "<?xml version=\"1.0\"?>\n<ficAlimMENESR>\n<addRequest>\n</oops>")),
                "test");
        var file = report.files().getFirst();
        assertThat(file.accepted()).isFalse();
        assertThat(file.errors().getFirst().code()).isEqualTo("imports.error.xml.malformed");
        assertThat(file.errors().getFirst().line()).isEqualTo(4);
    }
}
