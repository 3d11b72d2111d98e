package org.preau.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
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
 * virtual threads of {@code spring.threads.virtual.enabled}). There are two pools, one per {@link
 * ConnectionPriority.Ahead}: the signed-in pages' and the pages answered from memory (docs/adr/0082), so that a status
 * page reader never waits behind a signed-in page that waits for the database. Each pool is bounded; when one is full
 * the event takes the shared executor, late but not lost. {@code preau.web.priority-threads=0} turns both off.
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
    PriorityPools priorityPools(
            @Value(THREADS) int threads,
            @Value("${preau.web.priority-queue:256}") int queue,
            @Value("${preau.web.priority-memory-threads:2}") int memoryThreads,
            @Value("${preau.web.priority-memory-queue:64}") int memoryQueue,
            ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        return new PriorityPools(
                new PriorityPool("priority", Math.max(1, threads), Math.max(1, queue), registry),
                new PriorityPool("memory", Math.max(1, memoryThreads), Math.max(1, memoryQueue), registry),
                registry);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> priorityExecutor(
            ConnectionPriority priority, PriorityPools pools) {
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
            handler.setExecutor(new Dispatcher(shared, pools, priority));
        });
    }

    /** The two pools ahead of the shared queue, and the count of what took that queue. */
    static final class PriorityPools {

        final PriorityPool signedIn;
        final PriorityPool fromMemory;
        final Counter sharedTasks;

        PriorityPools(PriorityPool signedIn, PriorityPool fromMemory, MeterRegistry meters) {
            this.signedIn = signedIn;
            this.fromMemory = fromMemory;
            sharedTasks = Counter.builder("preau.connection.tasks")
                    .tag("pool", "shared")
                    .description("Socket events run on the shared (virtual-thread) executor")
                    .register(meters);
        }

        PriorityPool of(ConnectionPriority.Ahead ahead) {
            return ahead == ConnectionPriority.Ahead.FROM_MEMORY ? fromMemory : signedIn;
        }

        void shutdown() {
            signedIn.shutdown();
            fromMemory.shutdown();
        }
    }

    /** The platform threads of one kind of promoted connection, with their metrics. */
    static final class PriorityPool {

        final ThreadPoolExecutor executor;
        final Counter promotedTasks;
        final Counter overflowTasks;

        /** {@code name}: the threads' prefix ({@code preau-<name>-N}) and the pool's tag on the metrics. */
        PriorityPool(String name, int threads, int queue, MeterRegistry meters) {
            this.executor = NamedThreadPool.fixed("preau-" + name, threads, queue);
            promotedTasks = Counter.builder("preau.connection.tasks")
                    .tag("pool", name)
                    .description("Socket events of promoted connections run on a pool ahead of the shared queue")
                    .register(meters);
            overflowTasks = Counter.builder("preau.connection.tasks")
                    .tag("pool", name + "_full")
                    .description("Socket events of promoted connections sent to the shared executor: pool full")
                    .register(meters);
            Gauge.builder(
                            "preau.connection.priority.queue",
                            executor,
                            e -> e.getQueue().size())
                    .tag("pool", name)
                    .description("Socket events waiting for a thread of a pool ahead of the shared queue")
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
        private final PriorityPools pools;
        private final ConnectionPriority priority;

        Dispatcher(Executor shared, PriorityPools pools, ConnectionPriority priority) {
            this.shared = shared;
            this.pools = pools;
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
            ConnectionPriority.Ahead ahead = priority.takeAhead(connection);
            if (ahead != null) {
                PriorityPool pool = pools.of(ahead);
                try {
                    pool.executor.execute(bound);
                    pool.promotedTasks.increment();
                    return;
                } catch (RejectedExecutionException full) {
                    pool.overflowTasks.increment();
                }
            } else {
                pools.sharedTasks.increment();
            }
            shared.execute(bound);
        }
    }
}
