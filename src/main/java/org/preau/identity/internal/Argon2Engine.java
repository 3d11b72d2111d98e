package org.preau.identity.internal;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes raw Argon2id (version 0x13) output. Two implementations give the same bytes: the reference C code
 * through argon2-jvm (JNA; ~1.3x faster here) and Bouncy Castle in pure Java, the fallback where the native library
 * cannot load (an unusual platform, a locked-down JVM). Which one runs is logged at start and exposed as
 * {@link #name()}.
 */
interface Argon2Engine {

    /** {@code native} or {@code bouncycastle}: what the benchmark and the metrics call it. */
    String name();

    byte[] hash(byte[] password, byte[] salt, Argon2Parameters parameters, int length);

    /** The native library if it loads and gives the known answer, else Bouncy Castle. */
    static Argon2Engine best() {
        Logger log = LoggerFactory.getLogger(Argon2Engine.class);
        Argon2Engine fallback = new BouncyCastle();
        try {
            Argon2Engine candidate = new Native();
            if (Arrays.equals(knownAnswer(candidate), knownAnswer(fallback))) {
                return candidate;
            }
            log.warn("Native Argon2 gave a different answer from Bouncy Castle; using Bouncy Castle");
        } catch (LinkageError | RuntimeException e) {
            log.warn("Native Argon2 library unavailable ({}); using Bouncy Castle", e.toString());
        }
        return fallback;
    }

    /** A cheap self-test: both engines must agree before the native one is trusted. */
    private static byte[] knownAnswer(Argon2Engine engine) {
        return engine.hash(
                "known answer".getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"),
                new Argon2Parameters(64, 2, 1),
                32);
    }

    /** The reference implementation (phc-winner-argon2) bundled by argon2-jvm for the common platforms. */
    final class Native implements Argon2Engine {

        private final Argon2Advanced argon2;

        Native() {
            // Hash length fixed per instance by argon2-jvm: 32 bytes, as Préau stores.
            this.argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
        }

        @Override
        public String name() {
            return "native";
        }

        @Override
        public byte[] hash(byte[] password, byte[] salt, Argon2Parameters p, int length) {
            if (length != 32) {
                throw new IllegalArgumentException("the native engine makes 32-byte hashes");
            }
            return argon2.rawHash(p.iterations(), p.memoryKib(), p.parallelism(), password, salt);
        }
    }

    /** Bouncy Castle's Argon2, as Spring Security's {@code Argon2PasswordEncoder} uses it. */
    final class BouncyCastle implements Argon2Engine {

        @Override
        public String name() {
            return "bouncycastle";
        }

        @Override
        public byte[] hash(byte[] password, byte[] salt, Argon2Parameters p, int length) {
            var parameters = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                            org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                    .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(p.memoryKib())
                    .withIterations(p.iterations())
                    .withParallelism(p.parallelism())
                    .withSalt(salt)
                    .build();
            var generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] out = new byte[length];
            generator.generateBytes(password, out);
            return out;
        }
    }
}
