package org.preau.bench;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The hash-only log-in limit, measured the way log-ins are: hashes per CPU-second of this whole process (JIT and GC
 * threads included, as the server's log-ins per CPU-second include them), in a JVM that bench/run pins to the
 * server's core. It uses what identity uses (docs/adr/0022): Argon2id through the native reference library
 * (argon2-jvm) when it loads, else Bouncy Castle, at identity's current parameters, and also at the legacy ones
 * (m=19456 KiB, t=2) so that the comparison can be rerun.
 *
 * <p>{@code HashBench [seconds-per-round] [--rounds R] [--impl native|bouncycastle] [--all-sets]}. Rounds
 * interleave the parameter sets, so slow drift of the host spreads over all of them; each figure is the median of
 * the rounds, with min and max ({@code --all-sets} interleaves the engines too). Prints {@code key=value} lines: {@code hash_impl}, {@code hash_params},
 * {@code hashes_per_cpu_s} (median, current parameters), {@code hashes_per_s} (wall clock), their spread, and the
 * same for {@code legacy_}. {@code --all-sets} measures OWASP's five equivalent sets with both engines instead (how
 * ADR 0022 chose the parameters).
 *
 * <p>Keep {@link #CURRENT} in step with {@code org.preau.identity.internal.Argon2Parameters.CURRENT}.
 */
public final class HashBench {

    /** Identity's current parameters (m KiB, t, p). */
    static final int[] CURRENT = {7_168, 5, 1};

    static final int[] LEGACY = {19_456, 2, 1};

    static final List<int[]> OWASP =
            List.of(new int[] {47_104, 1, 1}, LEGACY, new int[] {12_288, 3, 1}, new int[] {9_216, 4, 1}, CURRENT);

    private HashBench() {}

    public static void main(String[] args) {
        double seconds = 5;
        int rounds = 3;
        String impl = null;
        boolean allSets = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--impl" -> impl = args[++i];
                case "--all-sets" -> allSets = true;
                default -> seconds = Double.parseDouble(args[i]);
            }
        }
        if (allSets) {
            var engines = new ArrayList<Engine>();
            for (Engine engine : List.of(new NativeEngine(), new BouncyCastleEngine())) {
                if (impl == null || impl.equals(engine.name())) {
                    engines.add(engine);
                }
            }
            compareAll(engines, seconds, rounds);
            return;
        }
        Engine engine = impl == null ? Engine.best() : Engine.named(impl);
        var results = report(engine, List.of(CURRENT, LEGACY), seconds, rounds, false);
        var current = results.get(CURRENT);
        var legacy = results.get(LEGACY);
        System.out.println("hash_impl=" + engine.name());
        System.out.println("hash_params=" + phc(CURRENT));
        System.out.printf(Locale.ROOT, "hashes_per_cpu_s=%.2f%n", median(current.perCpuSecond));
        System.out.printf(Locale.ROOT, "hashes_per_s=%.2f%n", median(current.perWallSecond));
        System.out.printf(
                Locale.ROOT,
                "hashes_per_cpu_s_spread=%.2f-%.2f%n",
                min(current.perCpuSecond),
                max(current.perCpuSecond));
        System.out.println("legacy_params=" + phc(LEGACY));
        System.out.printf(Locale.ROOT, "legacy_hashes_per_cpu_s=%.2f%n", median(legacy.perCpuSecond));
        System.out.printf(Locale.ROOT, "legacy_hashes_per_s=%.2f%n", median(legacy.perWallSecond));
        System.out.printf(
                Locale.ROOT,
                "legacy_hashes_per_cpu_s_spread=%.2f-%.2f%n",
                min(legacy.perCpuSecond),
                max(legacy.perCpuSecond));
    }

    private record Rates(List<Double> perCpuSecond, List<Double> perWallSecond) {}

    private static Map<int[], Rates> report(
            Engine engine, List<int[]> sets, double seconds, int rounds, boolean print) {
        var results = new LinkedHashMap<int[], Rates>();
        for (int[] set : sets) {
            results.put(set, new Rates(new ArrayList<>(), new ArrayList<>()));
            measure(engine, set, 1.5); // warm-up: JIT for Bouncy Castle, page faults for both
        }
        for (int r = 0; r < rounds; r++) {
            for (int[] set : sets) {
                double[] rate = measure(engine, set, seconds);
                results.get(set).perCpuSecond.add(rate[0]);
                results.get(set).perWallSecond.add(rate[1]);
            }
        }
        if (print) {
            for (var e : results.entrySet()) {
                var cpu = e.getValue().perCpuSecond;
                System.out.printf(
                        Locale.ROOT,
                        "%-12s %-18s median %7.2f hashes/CPU-s (min %7.2f, max %7.2f; %d rounds of %.0f s);"
                                + " wall %7.2f/s; rounds %s%n",
                        engine.name(),
                        phc(e.getKey()),
                        median(cpu),
                        min(cpu),
                        max(cpu),
                        cpu.size(),
                        seconds,
                        median(e.getValue().perWallSecond),
                        cpu.stream()
                                .map(v -> String.format(Locale.ROOT, "%.2f", v))
                                .toList());
            }
        }
        return results;
    }

    /**
     * Every (engine, set) pair in each round, one after the other, so that the host's drift (other processes, CPU
     * frequency) spreads over all of them instead of favouring whichever ran in a quiet minute.
     */
    private static void compareAll(List<Engine> engines, double seconds, int rounds) {
        var cpu = new LinkedHashMap<String, List<Double>>();
        var wall = new LinkedHashMap<String, List<Double>>();
        for (Engine engine : engines) {
            for (int[] set : OWASP) {
                measure(engine, set, 1.5); // warm-up
                cpu.put(engine.name() + " " + phc(set), new ArrayList<>());
                wall.put(engine.name() + " " + phc(set), new ArrayList<>());
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (Engine engine : engines) {
                for (int[] set : OWASP) {
                    double[] rate = measure(engine, set, seconds);
                    cpu.get(engine.name() + " " + phc(set)).add(rate[0]);
                    wall.get(engine.name() + " " + phc(set)).add(rate[1]);
                }
            }
        }
        for (var e : cpu.entrySet()) {
            var v = e.getValue();
            System.out.printf(
                    Locale.ROOT,
                    "%-31s median %7.2f hashes/CPU-s (min %7.2f, max %7.2f; %d interleaved rounds of %.0f s);"
                            + " wall %7.2f/s; rounds %s%n",
                    e.getKey(),
                    median(v),
                    min(v),
                    max(v),
                    v.size(),
                    seconds,
                    median(wall.get(e.getKey())),
                    v.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
        }
    }

    /** Hashes per CPU-second of the process and per wall-clock second, over about {@code seconds}. */
    private static double[] measure(Engine engine, int[] set, double seconds) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        byte[] salt = new byte[16];
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int n = 0;
        while (System.nanoTime() < end) {
            salt[0] = (byte) n;
            salt[1] = (byte) (n >> 8);
            engine.hash(("bench-password-" + n).getBytes(StandardCharsets.UTF_8), salt, set);
            n++;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        return new double[] {n / cpu, n / wall};
    }

    private static String phc(int[] set) {
        return String.format(Locale.ROOT, "m=%d,t=%d,p=%d", set[0], set[1], set[2]);
    }

    private static double median(List<Double> values) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The two engines, as in identity's {@code Argon2Engine} (same selection rule: native if it loads and agrees). */
    interface Engine {
        String name();

        byte[] hash(byte[] password, byte[] salt, int[] set);

        static Engine named(String name) {
            return switch (name) {
                case "native" -> new NativeEngine();
                case "bouncycastle" -> new BouncyCastleEngine();
                default -> throw new IllegalArgumentException("--impl native|bouncycastle");
            };
        }

        static Engine best() {
            Engine fallback = new BouncyCastleEngine();
            try {
                Engine candidate = new NativeEngine();
                byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
                byte[] password = "known answer".getBytes(StandardCharsets.UTF_8);
                int[] small = {64, 2, 1};
                if (Arrays.equals(candidate.hash(password, salt, small), fallback.hash(password, salt, small))) {
                    return candidate;
                }
            } catch (LinkageError | RuntimeException e) {
                System.err.println("HashBench: native Argon2 unavailable (" + e + "); using Bouncy Castle");
            }
            return fallback;
        }
    }

    static final class NativeEngine implements Engine {
        private final Argon2Advanced argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, 16, 32);

        @Override
        public String name() {
            return "native";
        }

        @Override
        public byte[] hash(byte[] password, byte[] salt, int[] set) {
            return argon2.rawHash(set[1], set[0], set[2], password, salt);
        }
    }

    static final class BouncyCastleEngine implements Engine {
        @Override
        public String name() {
            return "bouncycastle";
        }

        @Override
        public byte[] hash(byte[] password, byte[] salt, int[] set) {
            var generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(set[0])
                    .withIterations(set[1])
                    .withParallelism(set[2])
                    .withSalt(salt)
                    .build());
            byte[] out = new byte[32];
            generator.generateBytes(password, out);
            return out;
        }
    }
}
