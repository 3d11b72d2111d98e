package org.preau.directory.internal.generator;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.DemoDistrict;
import org.preau.directory.DemoDistrictLoaded;
import org.preau.directory.SchoolCalendar;
import org.preau.identity.AccountData;
import org.preau.identity.Accounts;
import org.preau.identity.Profile;
import org.preau.platform.PreauProperties;
import org.preau.platform.SchoolTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On start-up in demo mode with no school yet, generates the demo district (two collèges, 130 pupils) through the
 * importers, then names five accounts that belong together: {@code eleve}, one of that pupil's parents
 * ({@code parent}), one of that pupil's teachers ({@code enseignant}: the one with the most lessons on the last school
 * day, whose day the demo homework shows), the head of that pupil's school
 * ({@code direction}), and the operator ({@code admin}), all with the password {@code demo}. A restart finds the
 * schools and loads nothing.
 */
@Component
@org.springframework.context.annotation.Profile("!command")
@Order(0)
class DemoDistrictLoader implements ApplicationRunner, DemoDistrict {

    static final long SEED = 2021;
    static final int PUPILS = 130;
    static final int PER_SCHOOL = 65;
    static final String PASSWORD = "demo";

    private static final Logger log = LoggerFactory.getLogger(DemoDistrictLoader.class);

    private final PreauProperties properties;
    private final DistrictLoader loader;
    private final Accounts accounts;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final SchoolCalendar calendar;
    private final Clock clock;

    DemoDistrictLoader(
            PreauProperties properties,
            DistrictLoader loader,
            Accounts accounts,
            JdbcClient jdbc,
            PlatformTransactionManager txManager,
            ApplicationEventPublisher events,
            SchoolCalendar calendar,
            Clock clock) {
        this.properties = properties;
        this.calendar = calendar;
        this.clock = clock;
        this.events = events;
        this.loader = loader;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
    }

    @Override
    public boolean loaded() {
        return accounts.findByLogin("admin").isPresent()
                && accounts.findByLogin("eleve").isPresent();
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!properties.demo()) {
            return;
        }
        boolean empty = !jdbc.sql("select exists (select 1 from school)")
                .query(Boolean.class)
                .single();
        if (!empty) {
            return;
        }
        long t0 = System.nanoTime();
        var loaded = loader.load(PUPILS, SEED, PER_SCHOOL, "demo");
        if (!loaded.report().accepted()) {
            log.error("The demo district was rejected by the importers: {}", loaded.report());
            return;
        }
        tx.executeWithoutResult(status -> nameDemoAccounts(loaded.prefix()));
        events.publishEvent(new DemoDistrictLoaded());
        log.info(
                "Demo district loaded ({} accounts) in {} ms",
                loaded.accounts() + 1,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Picks accounts that belong together, gives them their demo logins and the password. */
    private void nameDemoAccounts(String prefix) {
        UUID pupil = loader.account(prefix + "E0").orElseThrow();
        var placement = jdbc.sql("select school_id, class_id from class_enrolment where pupil_id = ?")
                .param(pupil)
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .single();
        UUID parent = jdbc.sql("select parent_id from parent_link where child_id = ? order by parent_id limit 1")
                .param(pupil)
                .query(UUID.class)
                .single();
        // Of the pupil's class's teachers, the one with the most lessons on the day the demo homework is dated (the
        // last school day): their day is the demo's "day of homework".
        LocalDate day = calendar.schoolDayOnOrBefore(placement[0], LocalDate.now(clock.withZone(SchoolTime.ZONE)));
        UUID teacher = jdbc.sql("""
                        select a.teacher_id from teaching_assignment a
                        left join timetable_slot t on t.school_id = a.school_id and t.teacher_id = a.teacher_id
                        where a.school_id = ? and a.class_id = ?
                        group by a.teacher_id
                        order by count(distinct t.id) filter (where t.weekday = ?) desc, count(distinct t.id) desc,
                                 a.teacher_id
                        limit 1""")
                .params(placement[0], placement[1], day.getDayOfWeek().getValue())
                .query(UUID.class)
                .single();
        UUID head = jdbc.sql("""
                        select account_id from school_member where school_id = ? and role = 'STAFF' and function = 'DIRECTION'
                        order by account_id limit 1""").param(placement[0]).query(UUID.class).single();
        UUID admin = accounts.upsertByExternalId(List.of(new AccountData(
                        "preau-demo-admin", Optional.of("admin"), "Admin", "Préau", Profile.ADMIN, Optional.empty())))
                .get("preau-demo-admin");
        name(pupil, "eleve");
        name(parent, "parent");
        name(teacher, "enseignant");
        name(head, "direction");
        name(admin, "admin");
    }

    private void name(UUID account, String login) {
        accounts.changeLogin(account, login);
        accounts.setPassword(account, PASSWORD);
    }
}
