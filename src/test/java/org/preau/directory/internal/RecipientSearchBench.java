package org.preau.directory.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.preau.directory.internal.generator.DistrictLoader;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Not part of the suite (the name does not end in Test): run it alone with
 * {@code ./mvnw -B -q test -Dtest=RecipientSearchBench -Dsurefire.failIfNoSpecifiedTests=false}. Loads a generated
 * school of 800 pupils through the importers, then times uncached recipient searches and "may write" checks for
 * a staff member (the largest reachable set) and a pupil, and uncached hot reads. Prints medians.
 */
@PreauIntegrationTest
class RecipientSearchBench {

    @Autowired
    DistrictLoader loader;

    @Autowired
    RecipientQueries recipients;

    @Autowired
    DirectoryQueries queries;

    @Autowired
    NameIndex names;

    @Autowired
    JdbcClient jdbc;

    @Test
    void measure() throws Exception {
        var loaded = loader.load(800, 4242L, 800, "bench");
        System.out.println("BENCH loaded accounts=" + loaded.accounts());
        UUID school = jdbc.sql("select school_id from school_member group by school_id order by count(*) desc limit 1")
                .query(UUID.class)
                .single();
        UUID staff = pick(school, "STAFF");
        UUID pupil = pick(school, "PUPIL");
        UUID parent = pick(school, "PARENT");
        UUID teacher = pick(school, "TEACHER");
        names.ensureSchool(school);
        int people = jdbc.sql("select count(*) from school_person where school_id = ?")
                .param(school)
                .query(Integer.class)
                .single();
        System.out.println("BENCH school people=" + people);
        report("search staff ''", () -> recipients.search(staff, "", 20));
        report("search staff 'mar'", () -> recipients.search(staff, "mar", 20));
        report("search pupil ''", () -> recipients.search(pupil, "", 20));
        report("search parent 'a'", () -> recipients.search(parent, "a", 20));
        report("search teacher 'a'", () -> recipients.search(teacher, "a", 20));
        report("ensureSchoolsOf pupil (checked)", () -> {
            names.forget();
            names.ensureSchoolsOf(pupil);
            return null;
        });
        report("ensureSchool (checked)", () -> {
            names.forget();
            names.ensureSchool(school);
            return null;
        });
        report("ensureSchoolsOf pupil (remembered)", () -> {
            names.ensureSchoolsOf(pupil);
            return null;
        });
        report("groups pupil", () -> recipients.groups(pupil));
        report("groups teacher", () -> recipients.groups(teacher));
        var pupilGroups = recipients.groups(pupil);
        if (!pupilGroups.isEmpty()) {
            report("members pupil first group", () -> recipients.members(pupil, pupilGroups.getFirst()));
        }
        report("mayWrite pupil->staff", () -> recipients.mayWrite(pupil, staff));
        report("mayWrite staff->pupil", () -> recipients.mayWrite(staff, pupil));
        report("placementOf (uncached)", () -> queries.placementOf(pupil));
        report("childrenOf (uncached)", () -> queries.childrenOf(parent));
        report("assignmentsOf (uncached)", () -> queries.assignmentsOf(teacher));
        report("weeklyTimetable school (uncached)", () -> queries.weeklyTimetable(school));
        System.out.println("BENCH reachable by staff="
                + recipients.search(staff, "", 50).size() + "(limit 50), by pupil="
                + recipients.search(pupil, "", 50).size());
    }

    private UUID pick(UUID school, String role) {
        return jdbc.sql(
                        "select account_id from school_member where school_id = ? and role = ? order by account_id limit 1")
                .params(school, role)
                .query(UUID.class)
                .single();
    }

    private static void report(String what, Supplier<?> call) {
        for (int i = 0; i < 20; i++) {
            call.get();
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            call.get();
            micros.add((System.nanoTime() - start) / 1000);
        }
        Collections.sort(micros);
        System.out.printf(
                "BENCH %-36s median %6d µs  p90 %6d µs  max %6d µs%n",
                what, micros.get(100), micros.get(180), micros.getLast());
    }
}
