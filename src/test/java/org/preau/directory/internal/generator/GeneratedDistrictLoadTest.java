package org.preau.directory.internal.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

        // Every 10th pupil or parent will activate with a code (300 pupils, ~1.6 parents each: the count depends on
        // the seed); everyone else gets the benchmark's password.
        var holders = loader.codeHolders(loaded.prefix(), 0.1);
        int pupilsAndParents = jdbc.sql(
                        "select count(*) from import_person_key where external_id like ? or external_id like ?")
                .params(loaded.prefix() + "E%", loaded.prefix() + "R%")
                .query(Integer.class)
                .single();
        assertThat(holders).hasSize((pupilsAndParents + 9) / 10).hasSizeBetween(65, 90);
        assertThat(loader.setSamePassword(loaded.prefix(), "benchmark-password", holders))
                .isEqualTo(ids.size() - holders.size());
        var withPassword =
                ids.stream().filter(id -> !holders.contains(id)).findFirst().orElseThrow();
        assertThat(accounts.find(withPassword).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(accounts.find(holders.getFirst()).orElseThrow().status()).isEqualTo(AccountStatus.PENDING);

        Path codes = tmp.resolve("codes.csv");
        int issued = loader.writeCodes(loaded.prefix(), holders, codes);
        var lines = Files.readAllLines(codes);
        assertThat(lines.getFirst()).isEqualTo("login;code");
        assertThat(lines).hasSize(issued + 1);
        assertThat(issued).isEqualTo(holders.size());

        // A code for an account in use is never issued, even by tooling.
        assertThat(loader.writeCodes(loaded.prefix(), List.of(withPassword), tmp.resolve("none.csv")))
                .isZero();

        // Loading the same district again imports the same files: nothing changes.
        var again = loader.load(300, seed, 150, "test");
        assertThat(again.report().files())
                .allSatisfy(f -> assertThat(f.created() + f.updated()).isZero());
    }
}
