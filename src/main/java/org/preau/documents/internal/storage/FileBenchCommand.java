package org.preau.documents.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.preau.platform.PreauCommand;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code ./preau filebench}: upload and download throughput of the configured store (local or S3) as a ratio to a
 * plain {@code cp} of the same file on the same disk, and the heap used while a large file is uploaded (sampled
 * every 10 ms through the MemoryMXBean). A measurement, not a test: run it alone, through the build lock
 * ({@code bench/documents-bench.sh} runs it on both backends).
 */
@Component
class FileBenchCommand implements PreauCommand {

    private final ContentStore store;
    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactions;

    FileBenchCommand(ContentStore store, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.store = store;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public String name() {
        return "filebench";
    }

    @Override
    public int run(List<String> args) throws Exception {
        long sizeMb = 1024;
        int rounds = 3;
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--size-mb")) {
                sizeMb = Long.parseLong(args.get(i + 1));
            } else if (args.get(i).equals("--rounds")) {
                rounds = Integer.parseInt(args.get(i + 1));
            }
        }
        Path dir = Files.createDirectories(store.stagingDirectory().getParent().resolve("bench"));
        Path source = dir.resolve("source.bin");
        writeRandom(source, sizeMb * 1024 * 1024);
        long bytes = Files.size(source);
        System.out.printf(
                "filebench: backend %s, file %d MiB, %d round(s)%n",
                store.backend().name(), sizeMb, rounds);
        var cp = new ArrayList<Double>();
        var up = new ArrayList<Double>();
        var down = new ArrayList<Double>();
        long peakHeap = 0;
        long baseline = 0;
        for (int r = 1; r <= rounds; r++) {
            Path copy = dir.resolve("copy.bin");
            long t0 = System.nanoTime();
            int status = new ProcessBuilder("cp", source.toString(), copy.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
            double cpSeconds = (System.nanoTime() - t0) / 1e9;
            if (status != 0) {
                throw new IllegalStateException("cp failed");
            }
            Files.delete(copy);

            System.gc();
            var memory = ManagementFactory.getMemoryMXBean();
            long before = memory.getHeapMemoryUsage().getUsed();
            var peak = new AtomicLong(before);
            var sampling = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (sampling.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long t1 = System.nanoTime();
            String key = new TransactionTemplate(transactions).execute(s -> {
                try (InputStream in = Files.newInputStream(source)) {
                    return store.write(in, Long.MAX_VALUE).key();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            double upSeconds = (System.nanoTime() - t1) / 1e9;
            sampling.set(false);
            sampler.join();

            Path back = dir.resolve("download.bin");
            long t2 = System.nanoTime();
            try (InputStream in = store.open(key);
                    OutputStream out = Files.newOutputStream(back)) {
                in.transferTo(out);
            }
            double downSeconds = (System.nanoTime() - t2) / 1e9;
            if (Files.size(back) != bytes) {
                throw new IllegalStateException("downloaded size differs");
            }
            Files.delete(back);
            forget(key);

            cp.add(bytes / cpSeconds / 1e6);
            up.add(bytes / upSeconds / 1e6);
            down.add(bytes / downSeconds / 1e6);
            peakHeap = Math.max(peakHeap, peak.get());
            baseline = before;
            System.out.printf(
                    "round %d: cp %.0f MB/s, upload %.0f MB/s (%.2f of cp), download %.0f MB/s (%.2f of cp), heap used"
                            + " %d MiB before the upload, at most %d MiB during it%n",
                    r,
                    cp.getLast(),
                    up.getLast(),
                    up.getLast() / cp.getLast(),
                    down.getLast(),
                    down.getLast() / cp.getLast(),
                    before >> 20,
                    peak.get() >> 20);
        }
        Files.delete(source);
        double cpM = median(cp);
        System.out.printf(
                "median: cp %.0f MB/s; upload %.0f MB/s = %.2f x cp; download %.0f MB/s = %.2f x cp; heap at most %d"
                        + " MiB during a %d MiB upload (max heap %d MiB)%n",
                cpM,
                median(up),
                median(up) / cpM,
                median(down),
                median(down) / cpM,
                peakHeap >> 20,
                sizeMb,
                Runtime.getRuntime().maxMemory() >> 20);
        return 0;
    }

    /** Drops the benchmark's blob at once (the next round must store it again, not find it). */
    private void forget(String key) throws IOException {
        String hash = store.describe(key).orElseThrow().sha256();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.sql("delete from documents_blob_ref where id = ?")
                    .param(UUID.fromString(key))
                    .update();
            jdbc.sql("delete from documents_blob where hash = ? and not exists "
                            + "(select 1 from documents_blob_ref where hash = ?)")
                    .params(hash, hash)
                    .update();
        });
        store.backend().delete(hash);
    }

    private static void writeRandom(Path file, long size) throws IOException {
        var random = new SplittableRandom(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
