package org.preau.directory.internal.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preau.directory.internal.generator.District.Person;

class DistrictGeneratorTest {

    @TempDir
    Path tmp;

    @Test
    void theSameSeedWritesByteIdenticalFiles() throws Exception {
        for (String format : new String[] {"xml", "csv"}) {
            var a = DistrictWriter.write(DistrictGenerator.generate(1000, 42), format, tmp.resolve(format + "-a"));
            var b = DistrictWriter.write(DistrictGenerator.generate(1000, 42), format, tmp.resolve(format + "-b"));
            assertThat(a).hasSameSizeAs(b);
            for (int i = 0; i < a.size(); i++) {
                assertThat(Files.readAllBytes(a.get(i)))
                        .as(a.get(i).toString())
                        .isEqualTo(Files.readAllBytes(b.get(i)));
            }
        }
    }

    @Test
    void anotherSeedGivesAnotherDistrictWithOtherKeys() {
        var a = DistrictGenerator.generate(900, 1);
        var b = DistrictGenerator.generate(900, 2);
        assertThat(a.schools().getFirst().uai())
                .isNotEqualTo(b.schools().getFirst().uai());
        assertThat(a.pupils().getFirst().id())
                .isNotEqualTo(b.pupils().getFirst().id());
    }

    @Test
    void theDistrictHasTheShapeOfFirstMorning() {
        var d = DistrictGenerator.generate(4000, 7);

        assertThat(d.schools()).hasSize(5);
        assertThat(d.pupils()).hasSize(4000);
        assertThat(d.subjects()).hasSize(12);
        assertThat(d.staff()).hasSize(20);
        assertThat(d.staff().stream().filter(p -> "DIR".equals(p.function()))).hasSize(5);
        assertThat(d.teachers().size()).isBetween(4000 / 14 - 5, 4000 / 14 + 15);
        double parentsPerPupil = d.parents().size() / 4000.0;
        assertThat(parentsPerPupil).isBetween(1.45, 1.75);
        for (var s : d.schools()) {
            assertThat(s.classes().size()).isBetween(28, 31);
        }
        assertThat(d.pupils()).allSatisfy(p -> {
            assertThat(p.classCode()).isNotNull();
            assertThat(p.groups().size()).isBetween(2, 3);
            assertThat(p.parents()).isNotEmpty();
        });
        // Some parents have several children, some of them in two schools.
        Map<String, java.util.Set<Integer>> schoolsOfParent = new HashMap<>();
        Map<String, Integer> children = new HashMap<>();
        for (Person p : d.pupils()) {
            for (String parent : p.parents()) {
                schoolsOfParent.computeIfAbsent(parent, k -> new HashSet<>()).add(p.school());
                children.merge(parent, 1, Integer::sum);
            }
        }
        assertThat(children.values())
                .contains(2, 3)
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
        assertThat(schoolsOfParent.values()).anySatisfy(set -> assertThat(set).hasSizeGreaterThan(1));
        // Six lessons a day Monday-Friday except Wednesday afternoon, every lesson with a teacher and a room.
        var lessons = d.schools().getFirst().lessons();
        assertThat(lessons).allSatisfy(l -> {
            assertThat(l.teacher()).isNotNull();
            assertThat(l.room()).isNotBlank();
            assertThat(l.weekday()).isBetween(1, 5);
            if (l.weekday() == 3) {
                assertThat(l.start().getHour()).isLessThan(12);
            }
        });
        var firstClass = d.schools().getFirst().classes().getFirst().code();
        long mondayOfClass = lessons.stream()
                .filter(l -> l.weekday() == 1 && l.audience().equals(firstClass))
                .count();
        assertThat(mondayOfClass).isBetween(3L, 6L);
        // The teacher of a lesson is the one assigned to that audience and subject.
        var teachers = new HashMap<String, Person>();
        d.teachers().forEach(t -> teachers.put(t.id(), t));
        assertThat(lessons)
                .allSatisfy(l -> assertThat(teachers.get(l.teacher()).teaches()).anySatisfy(t -> {
                    assertThat(t.audience()).isEqualTo(l.audience());
                    assertThat(t.subject()).isEqualTo(l.subject());
                }));
    }

    @Test
    void noTeacherAndNoPupilIsInTwoLessonsAtTheSameHour() {
        var districts = List.of(
                DistrictGenerator.generate(4000, 7),
                DistrictGenerator.generate(1000, 42),
                DistrictGenerator.generate(
                        DemoDistrictLoader.PUPILS, DemoDistrictLoader.SEED, DemoDistrictLoader.PER_SCHOOL));
        for (var d : districts) {
            for (var school : d.schools()) {
                // A teacher: at most one lesson per hour of the week.
                Map<String, List<District.Lesson>> byTeacherHour = new HashMap<>();
                for (var l : school.lessons()) {
                    byTeacherHour
                            .computeIfAbsent(l.teacher() + " " + l.weekday() + " " + l.start(), k -> new ArrayList<>())
                            .add(l);
                }
                assertThat(byTeacherHour.values())
                        .as("teachers of %s (seed %d)", school.name(), d.seed())
                        .allSatisfy(lessons -> assertThat(lessons).hasSize(1));
                // A pupil: at most one lesson per hour among their class and groups.
                Map<String, List<District.Lesson>> byAudience = new HashMap<>();
                school.lessons()
                        .forEach(l -> byAudience
                                .computeIfAbsent(l.audience(), k -> new ArrayList<>())
                                .add(l));
                for (Person p : d.pupils()) {
                    if (p.school() != school.index()) {
                        continue;
                    }
                    var hours = new HashSet<String>();
                    var audiences = new ArrayList<String>(p.groups());
                    audiences.add(p.classCode());
                    for (String a : audiences) {
                        for (var l : byAudience.getOrDefault(a, List.of())) {
                            assertThat(hours.add(l.weekday() + " " + l.start()))
                                    .as(
                                            "%s of %s has two lessons on day %d at %s",
                                            p.id(), school.name(), l.weekday(), l.start())
                                    .isTrue();
                        }
                    }
                }
                // Nearly every planned hour finds a place: 24 per class (22 of the class, one per science half),
                // two per language group, one per Latin group.
                long planned = 24L * school.classes().size();
                for (var g : school.groups()) {
                    planned += g.code().startsWith("ESP") || g.code().startsWith("ALL")
                            ? 2
                            : g.code().startsWith("LAT") ? 1 : 0;
                }
                assertThat((double) school.lessons().size() / planned)
                        .as("share of the planned lessons placed in %s (seed %d)", school.name(), d.seed())
                        .isGreaterThanOrEqualTo(0.97);
            }
        }
    }
}
