package org.preau.classroom.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most a few live-room handshakes at a time on this node (ADR 0088). Every request runs on a virtual thread, and
 * the virtual-thread scheduler is one FIFO queue: when a tenth of a school's connections drop and come back at once,
 * hundreds of handshakes (each some milliseconds of CPU for the security chain, the rights, the join and the replay)
 * queue ahead of the frames of everyone still connected, and every room stops for seconds. Here the handshakes
 * beyond the first {@code inFlight} wait parked, off the queue, in their order of arrival; the rooms' frames and
 * writes keep their turn. A handshake that waits longer than {@code maxWait} is answered 503 with Retry-After (the
 * page reconnects, with its backoff). A handshake with a turn then waits for a quiet moment of the
 * scheduler ({@link QuietTurns}, ADR 0094): the turns bound how many run at once, the quiet moment how much of the
 * core they take; a storm then comes back more slowly, and more handshakes wait past {@code maxWait} and retry.
 *
 * <p>Only WebSocket upgrades of {@code /classe/{id}/direct}; it runs after the surge filter (a flood is refused
 * there first by the rate limits; the lanes' limits leave handshakes to this gate, ADR 0091) and before Spring
 * Security.
 */
final class HandshakeGate extends OncePerRequestFilter {

    private final Semaphore permits;
    private final Duration maxWait;
    /** Handshakes let through, those that had to wait for a turn, and those answered 503 after waiting too long. */
    final LongAdder served = new LongAdder();

    final LongAdder waited = new LongAdder();

    final LongAdder refused = new LongAdder();

    private final QuietTurns turns;

    /** Without quiet moments (tests of the turns alone). */
    HandshakeGate(int inFlight, Duration maxWait) {
        this(inFlight, maxWait, QuietTurns.NONE);
    }

    HandshakeGate(int inFlight, Duration maxWait, QuietTurns turns) {
        this.permits = new Semaphore(Math.max(1, inFlight), true);
        this.maxWait = maxWait;
        this.turns = turns;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/classe/")
                && path.endsWith("/direct")
                && org.preau.platform.web.ProblemResponses.isUpgrade(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits.tryAcquire()) {
            waited.increment();
            boolean turn;
            try {
                turn = permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                turn = false;
            }
            if (!turn) {
                refuse(response);
                return;
            }
        }
        served.increment();
        try {
            // With a turn, a quiet moment of the scheduler (ADR 0094). Held while waiting, on purpose: waiters let go
            // before taking a turn queue on the turns instead, off the scheduler's queue, and then run back to back
            // (run 2026-12-06T2221Z: the storm's seconds back at a p50 of 0.5-3 s).
            try {
                turns.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                refuse(response);
                return;
            }
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }

    private void refuse(HttpServletResponse response) {
        refused.increment();
        // A status and headers only: sendError would dispatch to the error page, rendered for nobody.
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "2");
        response.setHeader("Cache-Control", "no-store");
    }

    /** Handshakes being served now (tests, diagnostics). */
    int inFlight(int configured) {
        return configured - permits.availablePermits();
    }
}
