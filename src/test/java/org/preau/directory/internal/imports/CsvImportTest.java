package org.preau.directory.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PreauIntegrationTest
class CsvImportTest {

    @Autowired
    DirectoryImporter importer;

    @Autowired
    JdbcClient jdbc;

    private static List<DirectoryImporter.Source> files(Feeds f, String people) {
        String u = f.uai;
        return List.of(
                Feeds.source("timetable.csv", """
                        uai;audience;subject;teacher;weekday;start;end;room
                        %1$s;3A;MATHS;T1-%2$s;lundi;08:00;08:55;B12
                        %1$s;ESP3;ESP;T1-%2$s;2;10:00;10:55;L3
                        """.formatted(u, f.s)),
                Feeds.source("people.csv", people),
                Feeds.source("classes.csv", """
                        uai,type,code,name,level
                        %1$s,CLASS,3A,3e A,3EME
                        %1$s,GROUP,ESP3,"Espagnol LV2, 3e",
                        """.formatted(u)),
                Feeds.source("subjects.csv", """
                        uai;code;label
                        %1$s;MATHS;Mathématiques
                        %1$s;ESP;Espagnol
                        """.formatted(u)),
                Feeds.source("schools.csv", "\uFEFFuai;name;city\n%s;Collège CSV %s;Rodez\n".formatted(u, f.s)));
    }

    private static String people(Feeds f, String pupilClass) {
        return """
                id;profile;uai;family_name;given_name;login;email;function;classes;groups;parents;teaches
                R1-%2$s;PARENT;;Martin;Claire;;;;;;;
                T1-%2$s;TEACHER;%1$s;Lovelace;Ada;;;;;;;3A:MATHS|ESP3:ESP
                D1-%2$s;STAFF;%1$s;Zay;Jean;;;DIRECTION;;;;
                E1-%2$s;PUPIL;%1$s;Martin;Louise;;;;%3$s;ESP3;R1-%2$s;
                E2-%2$s;PUPIL;%1$s;Bernard;Hugo;;;;3A;;;
                """.formatted(f.uai, f.s, pupilClass);
    }

    @Test
    void csvFilesCreateTheSchoolWithItsPeopleAndTimetable() {
        var f = new Feeds();
        var report = importer.importAll(files(f, people(f, "3A")), "test");

        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(report.files())
                .extracting(FileReport::file)
                .containsExactly("schools.csv", "subjects.csv", "classes.csv", "people.csv", "timetable.csv");
        UUID school = jdbc.sql("select id from school where uai = ?")
                .param(f.uai)
                .query(UUID.class)
                .single();
        assertThat(jdbc.sql("select count(*) from school_member where school_id = ?")
                        .param(school)
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
        assertThat(jdbc.sql("select name from teaching_group where school_id = ?")
                        .param(school)
                        .query(String.class)
                        .single())
                .isEqualTo("Espagnol LV2, 3e");
        assertThat(jdbc.sql("select count(*) from teaching_assignment where school_id = ?")
                        .param(school)
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from class_enrolment where school_id = ?")
                        .param(school)
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql(
                                "select weekday || ' ' || starts_at || ' ' || room from timetable_slot where school_id = ? order by weekday")
                        .param(school)
                        .query(String.class)
                        .list())
                .containsExactly("1 08:00:00 B12", "2 10:00:00 L3");
    }

    @Test
    void reimportingTheSameCsvFilesChangesNothing() {
        var f = new Feeds();
        assertThat(importer.importAll(files(f, people(f, "3A")), "test").accepted())
                .isTrue();
        var before = Feeds.dump(jdbc);

        var again = importer.importAll(files(f, people(f, "3A")), "test");

        assertThat(again.accepted()).isTrue();
        assertThat(Feeds.dump(jdbc)).isEqualTo(before);
        assertThat(again.files())
                .allSatisfy(file -> assertThat(file.created() + file.updated()).isZero());
    }

    @Test
    void anUnknownClassOnOneLineRejectsThePeopleFileAndTheReportNamesFileLineAndField() {
        var f = new Feeds();
        var all = files(f, people(f, "3A"));
        importer.importAll(all.subList(2, 5), "test"); // schools, subjects, classes
        var before = Feeds.dump(jdbc);

        var report = importer.importAll(List.of(Feeds.source("people.csv", people(f, "9Z"))), "test");

        var file = report.files().getFirst();
        assertThat(file.accepted()).isFalse();
        assertThat(file.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("people.csv");
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.field()).isEqualTo("classes");
            assertThat(e.code()).isEqualTo("imports.error.unknown.class");
            assertThat(e.args()).containsExactly("9Z");
        });
        assertThat(Feeds.dump(jdbc)).isEqualTo(before);
    }

    @Test
    void everyBadValueOfAFileIsReportedNotOnlyTheFirst() {
        var report = importer.importAll(List.of(Feeds.source("schools.csv", """
                uai,name,city
                12345,Collège A,Albi
                0311234A,,Albi
                0311235B,Collège C,Albi
                0311235B,Collège C,Albi
                """)), "test");

        var file = report.files().getFirst();
        assertThat(file.accepted()).isFalse();
        assertThat(file.errors())
                .extracting(ImportError::line, ImportError::field, ImportError::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, "uai", "imports.error.uai"),
                        org.assertj.core.groups.Tuple.tuple(3L, "name", "imports.error.required"),
                        org.assertj.core.groups.Tuple.tuple(5L, "uai", "imports.error.duplicate"));
        assertThat(jdbc.sql("select count(*) from school where uai = '0311235B'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aTimetableWithAnEndBeforeItsStartIsRejected() {
        var f = new Feeds();
        importer.importAll(files(f, people(f, "3A")), "test");
        var report = importer.importAll(List.of(Feeds.source("timetable.csv", """
                uai;audience;subject;teacher;weekday;start;end;room
                %s;3A;MATHS;;jeudi;10:00;09:00;B12
                """.formatted(f.uai))), "test");
        assertThat(report.files().getFirst().errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.field()).isEqualTo("end");
        });
    }
}
