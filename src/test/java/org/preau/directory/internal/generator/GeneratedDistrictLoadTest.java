package org.preau.directory.internal.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preau.directory.internal.imports.FileReport;
import org.preau.identity.AccountStatus;
import org.preau.identity.Accounts;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PreauIntegrationTest
class GeneratedDistrictLoadTest {

    @Autowired
    DistrictLoader loader;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path tmp;

    @Test
    void aGeneratedDistrictGoesThroughTheImportersAndGetsPasswordsAndCodes() throws Exception {
        long seed = ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE);
        var loaded = loader.load(300, seed, 150, "test");

        assertThat(loaded.report().accepted()).as(loaded.report().toString()).isTrue();
        assertThat(loaded.report().files())
                .extracting(FileReport::kind)
                .containsExactly(
                        "EtabEducNat",
                        "MatiereEducNat",
                        "MefEducNat",
                        "PersRelEleve",
                        "PersEducNat",
                        "Eleve",
                        "timetable");
        var ids = loader.accountIds(loaded.prefix());
        assertThat(ids).hasSize(loaded.accounts());
        assertThat(jdbc.sql("select count(*) from import_school_key where external_id like ?")
                        .param(loaded.prefix() + "%")
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);

        assertThat(loader.setSamePassword(loaded.prefix(), "benchmark-password"))
                .isEqualTo(ids.size());
        assertThat(accounts.find(ids.getFirst()).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);

        Path codes = tmp.resolve("codes.csv");
        int issued = loader.writeCodes(loaded.prefix(), 0.1, codes);
        var lines = Files.readAllLines(codes);
        assertThat(lines.getFirst()).isEqualTo("login;code");
        assertThat(lines).hasSize(issued + 1);
        // Every 10th pupil or parent (300 pupils, ~1.6 parents each: the count depends on the seed).
        int pupilsAndParents = jdbc.sql(
                        "select count(*) from import_person_key where external_id like ? or external_id like ?")
                .params(loaded.prefix() + "E%", loaded.prefix() + "R%")
                .query(Integer.class)
                .single();
        assertThat(issued).isEqualTo((pupilsAndParents + 9) / 10).isBetween(65, 90);

        // Loading the same district again imports the same files: nothing changes.
        var again = loader.load(300, seed, 150, "test");
        assertThat(again.report().files())
                .allSatisfy(f -> assertThat(f.created() + f.updated()).isZero());
    }
}
