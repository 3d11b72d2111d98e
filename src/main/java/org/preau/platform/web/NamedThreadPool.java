package org.preau.platform.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of named daemon platform threads with a bounded queue, the threads let go after a minute idle: what
 * the pools ahead of Tomcat's shared queue are made of (docs/adr/0082) and the status page's listener runs on
 * (docs/adr/0083). Platform threads, because these pools exist to be scheduled by the kernel at once, never behind the
 * virtual threads that queue for the one carrier on an attack morning.
 */
public final class NamedThreadPool {

    private NamedThreadPool() {}

    /** {@code threads} threads named {@code prefix-1}, {@code prefix-2}…, {@code queue} tasks waiting at most. */
    public static ThreadPoolExecutor fixed(String prefix, int threads, int queue) {
        var counter = new AtomicInteger();
        var executor = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), runnable -> {
                    var thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
