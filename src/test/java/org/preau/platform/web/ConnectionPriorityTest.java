package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The connection budget and the dispatch of what is not a socket event, without a server. */
class ConnectionPriorityTest {

    @Test
    void aPromotedConnectionGoesAheadWithinItsBudgetThenIsDemoted() {
        var priority = new ConnectionPriority(true, 3);
        Object connection = new Object();
        ConnectionPriority.bind(connection, () -> priority.promote(ConnectionPriority.Ahead.SIGNED_IN))
                .run();
        assertThat(priority.takeAhead(connection)).isEqualTo(ConnectionPriority.Ahead.SIGNED_IN);
        assertThat(priority.takeAhead(connection)).isEqualTo(ConnectionPriority.Ahead.SIGNED_IN);
        assertThat(priority.takeAhead(connection)).isEqualTo(ConnectionPriority.Ahead.SIGNED_IN);
        assertThat(priority.takeAhead(connection))
                .as("over 3 events in a second")
                .isNull();
        assertThat(priority.isPromoted(connection)).isFalse();
        assertThat(priority.takeAhead(new Object())).as("never promoted").isNull();
    }

    @Test
    void promotingOutsideAConnectionOrWhenOffDoesNothing() {
        var off = ConnectionPriority.disabled();
        Object connection = new Object();
        ConnectionPriority.bind(connection, () -> off.promote(ConnectionPriority.Ahead.SIGNED_IN))
                .run();
        assertThat(off.takeAhead(connection)).isNull();

        var on = new ConnectionPriority(true, 10);
        on.promote(ConnectionPriority.Ahead.SIGNED_IN); // no current connection: a test thread, a scheduled task
        assertThat(on.promotedConnections()).isZero();
        assertThat(on.currentIsPromoted()).isFalse();
    }

    @Test
    void demotingTakesTheConnectionOutOfTheLaneAhead() {
        var priority = new ConnectionPriority(true, 10);
        Object connection = new Object();
        ConnectionPriority.bind(connection, () -> priority.promote(ConnectionPriority.Ahead.SIGNED_IN))
                .run();
        ConnectionPriority.bind(
                        connection,
                        () -> assertThat(priority.currentIsPromoted()).isTrue())
                .run();
        ConnectionPriority.bind(connection, priority::demote).run();
        assertThat(priority.takeAhead(connection)).isNull();
    }

    @Test
    void aConnectionGoesAheadOnThePoolItWasLastPromotedTo() {
        var priority = new ConnectionPriority(true, 10);
        Object connection = new Object();
        ConnectionPriority.bind(connection, () -> priority.promote(ConnectionPriority.Ahead.FROM_MEMORY))
                .run();
        assertThat(priority.takeAhead(connection)).isEqualTo(ConnectionPriority.Ahead.FROM_MEMORY);
        ConnectionPriority.bind(connection, () -> priority.promote(ConnectionPriority.Ahead.SIGNED_IN))
                .run();
        assertThat(priority.takeAhead(connection)).isEqualTo(ConnectionPriority.Ahead.SIGNED_IN);
    }

    @Test
    void whatIsNotASocketEventRunsOnTheSharedExecutor() {
        List<Runnable> shared = new ArrayList<>();
        Executor sharedExecutor = shared::add;
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        var pool = new PriorityConnections.PriorityPools(
                new PriorityConnections.PriorityPool("priority", 1, 1, meters),
                new PriorityConnections.PriorityPool("memory", 1, 1, meters),
                meters);
        try {
            var dispatcher = new PriorityConnections.Dispatcher(sharedExecutor, pool, new ConnectionPriority(true, 10));
            Runnable task = () -> {};
            dispatcher.execute(task);
            assertThat(shared).containsExactly(task);
        } finally {
            pool.shutdown();
        }
    }
}
