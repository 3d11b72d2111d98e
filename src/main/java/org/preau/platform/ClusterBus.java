package org.preau.platform;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Small signals between the identical nodes of one deployment (cache invalidation, operator settings): "something
 * changed, re-read it". Payloads are short strings, delivered at most once to every node including the sender,
 * shortly after the publishing transaction commits. Implemented with PostgreSQL LISTEN/NOTIFY; a broker can
 * replace it behind this interface.
 */
public interface ClusterBus {

    /** Delivered to every listener after the bus reconnects: anything may have changed meanwhile, re-read it all. */
    String RESYNC = "*";

    /** Publishes to every node. Inside a transaction, delivery happens only if it commits. */
    void publish(String topic, String payload);

    /**
     * The same signal as {@link #publish}, as a SQL expression to put in the writer's own statement, so that a write
     * and its signal take one round trip (ADR 0072): the payload is what {@code payloadExpression} (an expression of
     * that statement, with its own bound parameters) evaluates to. Empty when the bus does not go through the
     * database: call {@link #publish} then.
     */
    default Optional<String> publishExpression(String topic, String payloadExpression) {
        return Optional.empty();
    }

    /** Calls {@code listener} on this node for every payload published on {@code topic}. */
    void subscribe(String topic, Consumer<String> listener);
}
