package org.preau.messaging.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.DirectoryFixtures;
import org.preau.directory.RecipientGroup;
import org.preau.identity.CurrentUser;
import org.preau.messaging.internal.Mail.DraftInput;
import org.preau.support.TestSchool;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Helpers shared by messaging's tests. */
final class MessagingFixtures {

    private MessagingFixtures() {}

    static TestSchool school(JdbcClient jdbc) {
        var school = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, school);
        return school;
    }

    static String to(CurrentUser user) {
        return "P:" + user.accountId();
    }

    static String group(TestSchool school, RecipientGroup.Kind kind, UUID audience) {
        return new RecipientGroup(school.schoolId, kind, Optional.of(audience), "").key();
    }

    static String staff(TestSchool school) {
        return new RecipientGroup(school.schoolId, RecipientGroup.Kind.STAFF, Optional.empty(), "").key();
    }

    static DraftInput message(String subject, String... targets) {
        return new DraftInput(
                subject, "Bonjour,\n\nvoici le message « " + subject + " ».", List.of(targets), Optional.empty());
    }

    /** Audit rows of an action on a target: the log is written after commit by the admin module's listener. */
    static int auditRows(JdbcClient jdbc, String action, UUID actor) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int n = 0;
        while (System.nanoTime() < deadline) {
            n = jdbc.sql("select count(*) from audit_log where action = ? and actor_id = ?")
                    .params(action, actor)
                    .query(Integer.class)
                    .single();
            if (n > 0) {
                return n;
            }
            Thread.sleep(50);
        }
        return n;
    }
}
