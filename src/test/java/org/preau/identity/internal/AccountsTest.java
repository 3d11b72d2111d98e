package org.preau.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.preau.identity.AccountData;
import org.preau.identity.AccountStatus;
import org.preau.identity.Accounts;
import org.preau.identity.ActivationCodes;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@PreauIntegrationTest
class AccountsTest {

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcAccounts jdbcAccounts;

    @Autowired
    ActivationCodes codes;

    @Autowired
    JdbcActivationCodes jdbcCodes;

    @Autowired
    Argon2HashingPool hashing;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    /** Family names unique to one test run, so that logins derived from them are predictable. */
    private static String uniqueFamily() {
        var sb = new StringBuilder("Zz");
        var r = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    private static AccountData pupil(String ext, String given, String family) {
        return new AccountData(ext, Optional.empty(), given, family, Profile.PUPIL, Optional.empty());
    }

    private List<String> rowVersions(List<UUID> ids) {
        return jdbc.sql("select xmin::text from account where id = any(?::uuid[]) order by id")
                .param(JdbcAccounts.uuidArray(ids))
                .query(String.class)
                .list();
    }

    @Test
    void reimportingTheSameBatchWritesNothing() {
        String family = uniqueFamily();
        var batch = new ArrayList<AccountData>();
        for (int i = 0; i < 1000; i++) {
            batch.add(pupil("ext-" + family + "-" + i, "Élève" + (char) ('a' + i % 26), family + (i / 26)));
        }
        var first = tx.execute(s -> jdbcAccounts.upsert(batch));
        assertThat(first.inserted()).isEqualTo(1000);
        assertThat(first.ids()).hasSize(1000);
        var ids = List.copyOf(first.ids().values());
        var versionsBefore = rowVersions(ids);

        var second = tx.execute(s -> jdbcAccounts.upsert(batch));
        assertThat(second.inserted()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.ids()).isEqualTo(first.ids());
        assertThat(rowVersions(ids)).isEqualTo(versionsBefore);
    }

    @Test
    void updatesChangedNamesButKeepsLoginAndPassword() {
        String family = uniqueFamily();
        UUID id = accounts.upsertByExternalId(List.of(pupil("ext-" + family, "Anne", family)))
                .get("ext-" + family);
        accounts.setPassword(id, "un mot de passe assez long");
        String login = accounts.find(id).orElseThrow().login();
        String hash = jdbcAccounts.passwordHash(id).orElseThrow();

        var result = tx.execute(s -> jdbcAccounts.upsert(List.of(new AccountData(
                "ext-" + family, Optional.of("autre.login"), "Anne-Marie", family, Profile.PUPIL, Optional.empty()))));

        assertThat(result.updated()).isEqualTo(1);
        var after = accounts.find(id).orElseThrow();
        assertThat(after.displayName()).isEqualTo("Anne-Marie " + family);
        assertThat(after.login()).isEqualTo(login);
        assertThat(after.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(jdbcAccounts.passwordHash(id)).contains(hash);
    }

    @Test
    void derivesPrenomNomWithoutAccentsAndNumbersClashes() {
        String family = uniqueFamily();
        String lower = family.toLowerCase();
        var first = accounts.upsertByExternalId(
                List.of(pupil("a-" + family, "Élodie-Anne", family), pupil("b-" + family, "Elodie Anne", family)));
        var second = accounts.upsertByExternalId(List.of(pupil("c-" + family, "ÉLODIE ANNE", family)));

        assertThat(accounts.find(first.get("a-" + family)).orElseThrow().login())
                .isEqualTo("elodieanne." + lower);
        assertThat(accounts.find(first.get("b-" + family)).orElseThrow().login())
                .isEqualTo("elodieanne." + lower + "2");
        assertThat(accounts.find(second.get("c-" + family)).orElseThrow().login())
                .isEqualTo("elodieanne." + lower + "3");
        assertThat(accounts.findByLogin("ElodieAnne." + lower + "3")).isPresent();
    }

    @Test
    void loginsFromNamesStripAccentsAndNonLetters() {
        assertThat(LoginNames.stem("Chloé", "N'Diaye-Lefèvre")).isEqualTo("chloe.ndiayelefevre");
        assertThat(LoginNames.stem("Œdipe", "Cœur")).isEqualTo("oedipe.coeur");
        assertThat(LoginNames.stem("", "Zoë")).isEqualTo("zoe");
        assertThat(LoginNames.stem("中文", "")).isEqualTo("compte");
    }

    @Test
    void samePasswordIsHashedOnceForManyAccounts() {
        String family = uniqueFamily();
        var batch = new ArrayList<AccountData>();
        for (int i = 0; i < 50; i++) {
            batch.add(pupil("p-" + family + i, "Jean", family));
        }
        var ids = accounts.upsertByExternalId(batch).values();
        long before = hashing.hashesComputed();

        accounts.setSamePassword(ids, "benchmark-password");

        assertThat(hashing.hashesComputed() - before).isEqualTo(1);
        var hashes = jdbc.sql("select distinct password_hash from account where id = any(?::uuid[])")
                .param(JdbcAccounts.uuidArray(ids))
                .query(String.class)
                .list();
        assertThat(hashes).hasSize(1);
        assertThat(hashes.getFirst()).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
        assertThat(accounts.findAll(ids)).allMatch(a -> a.status() == AccountStatus.ACTIVE);
    }

    @Test
    void issuedCodesAreSingleUseAndReplaceEarlierOnes() {
        String family = uniqueFamily();
        UUID id = accounts.upsertByExternalId(List.of(pupil("x-" + family, "Paul", family)))
                .get("x-" + family);
        var old = codes.issue(List.of(id), null).getFirst();
        var fresh = codes.issue(List.of(id), null).getFirst();

        assertThat(fresh.code()).matches("[2-9A-HJKMNP-TW-Z]{5}-[2-9A-HJKMNP-TW-Z]{5}");
        assertThat(jdbcCodes.check(id, old.code()).check()).isEqualTo(JdbcActivationCodes.Check.WRONG);
        var valid = jdbcCodes.check(id, fresh.code().toLowerCase().replace("-", " "));
        assertThat(valid.check()).isEqualTo(JdbcActivationCodes.Check.VALID);
        assertThat(jdbcCodes.markUsed(valid.codeId())).isTrue();
        assertThat(jdbcCodes.markUsed(valid.codeId())).isFalse();
        assertThat(jdbcCodes.check(id, fresh.code()).check()).isEqualTo(JdbcActivationCodes.Check.USED);
    }

    @Test
    void resetPasswordClearsItAndIssuesACode() {
        String family = uniqueFamily();
        UUID id = accounts.upsertByExternalId(List.of(pupil("r-" + family, "Lise", family)))
                .get("r-" + family);
        accounts.setPassword(id, "un mot de passe assez long");

        var code = codes.resetPassword(id, null);

        assertThat(jdbcAccounts.passwordHash(id)).isEmpty();
        assertThat(accounts.find(id).orElseThrow().status()).isEqualTo(AccountStatus.PENDING);
        assertThat(jdbcCodes.check(id, code.code()).check()).isEqualTo(JdbcActivationCodes.Check.VALID);
    }
}
