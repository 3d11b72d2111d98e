package org.preau.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tomcat.util.net.SocketProcessorBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves promoted connections ({@link ConnectionPriority}) on a pool of platform threads (docs/adr/0081): Tomcat
 * hands every socket event to its executor before a byte of the request is parsed; this executor looks at the
 * event's connection and sends a promoted one's to the pool, everything else to the executor Tomcat had (the
 * virtual threads of {@code spring.threads.virtual.enabled}). The pool is bounded; when it is full the event takes
 * the shared executor, late but not lost. {@code preau.web.priority-threads=0} turns it off.
 */
@Configuration(proxyBeanMethods = false)
class PriorityConnections {

    private static final Logger log = LoggerFactory.getLogger(PriorityConnections.class);

    private static final String THREADS = "${preau.web.priority-threads:8}";

    @Bean
    ConnectionPriority connectionPriority(
            @Value(THREADS) int threads, @Value("${preau.web.priority-events-per-second:20}") int eventsPerSecond) {
        return new ConnectionPriority(threads > 0, eventsPerSecond);
    }

    @Bean(destroyMethod = "shutdown")
    PriorityPool priorityPool(
            @Value(THREADS) int threads,
            @Value("${preau.web.priority-queue:256}") int queue,
            ObjectProvider<MeterRegistry> meters) {
        return new PriorityPool(
                Math.max(1, threads), Math.max(1, queue), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> priorityExecutor(
            ConnectionPriority priority, PriorityPool pool) {
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (!priority.enabled()) {
                return;
            }
            var handler = connector.getProtocolHandler();
            Executor shared = handler.getExecutor();
            if (shared == null) {
                // Tomcat's own platform pool (virtual threads off): its threads are already scheduled by the kernel.
                log.info("Connection priority: Tomcat runs its own thread pool, nothing to put ahead of");
                return;
            }
            // Applied after the protocol handler customizers (Spring Boot's virtual threads among them).
            handler.setExecutor(new Dispatcher(shared, pool, priority));
        });
    }

    /** The platform threads of promoted connections, with their metrics. */
    static final class PriorityPool {

        final ThreadPoolExecutor executor;
        final Counter promotedTasks;
        final Counter overflowTasks;
        final Counter sharedTasks;

        PriorityPool(int threads, int queue, MeterRegistry meters) {
            var counter = new AtomicInteger();
            this.executor = new ThreadPoolExecutor(
                    threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), runnable -> {
                        var thread = new Thread(runnable, "preau-priority-" + counter.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            this.executor.allowCoreThreadTimeOut(true);
            promotedTasks = Counter.builder("preau.connection.tasks")
                    .tag("pool", "priority")
                    .description("Socket events of promoted connections run on the priority pool")
                    .register(meters);
            overflowTasks = Counter.builder("preau.connection.tasks")
                    .tag("pool", "priority_full")
                    .description("Socket events of promoted connections sent to the shared executor: pool full")
                    .register(meters);
            sharedTasks = Counter.builder("preau.connection.tasks")
                    .tag("pool", "shared")
                    .description("Socket events run on the shared (virtual-thread) executor")
                    .register(meters);
            Gauge.builder(
                            "preau.connection.priority.queue",
                            executor,
                            e -> e.getQueue().size())
                    .description("Socket events waiting for a priority thread")
                    .register(meters);
        }

        void shutdown() {
            executor.shutdown();
        }
    }

    /** Tomcat's executor: promoted connections' socket events to the pool, the rest where they went before. */
    static final class Dispatcher implements Executor {

        private static final VarHandle SOCKET;

        static {
            try {
                SOCKET = MethodHandles.privateLookupIn(SocketProcessorBase.class, MethodHandles.lookup())
                        .findVarHandle(
                                SocketProcessorBase.class,
                                "socketWrapper",
                                org.apache.tomcat.util.net.SocketWrapperBase.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Executor shared;
        private final PriorityPool pool;
        private final ConnectionPriority priority;

        Dispatcher(Executor shared, PriorityPool pool, ConnectionPriority priority) {
            this.shared = shared;
            this.pool = pool;
            this.priority = priority;
        }

        Executor shared() {
            return shared;
        }

        @Override
        public void execute(Runnable task) {
            // Tomcat resets and reuses its socket processors: the connection is read now, before the task runs.
            Object connection = task instanceof SocketProcessorBase<?> p ? SOCKET.get(p) : null;
            if (connection == null) {
                shared.execute(task);
                return;
            }
            Runnable bound = ConnectionPriority.bind(connection, task);
            if (priority.takeAhead(connection)) {
                try {
                    pool.executor.execute(bound);
                    pool.promotedTasks.increment();
                    return;
                } catch (RejectedExecutionException full) {
                    pool.overflowTasks.increment();
                }
            } else {
                pool.sharedTasks.increment();
            }
            shared.execute(bound);
        }
    }
}
