package org.preau.status.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Deployment settings of the status module ({@code preau.status.*}), documented in docs/status.md.
 *
 * @param registry where the responsibility registry is: {@code classpath:...}, {@code file:...} or a plain path
 * @param probeInterval how often each component is probed
 * @param probeTimeout how long one probe may take before it counts as failed (the probe never holds a page)
 * @param incidentAfter how long a component must fail its probes before an incident is opened
 * @param recoveryAfter how long it must pass them again before the incident is closed
 * @param flushInterval how often what happened is written to the database (when it answers)
 * @param maxPending the most probe-history rows kept in memory while the database is away (incidents are never
 *     dropped)
 * @param node this node's name in the probe history (defaults to the host name)
 */
@ConfigurationProperties("preau.status")
record StatusProperties(
        @DefaultValue("classpath:status/registry-demo.yml") String registry,
        @DefaultValue("10s") Duration probeInterval,
        @DefaultValue("3s") Duration probeTimeout,
        @DefaultValue("60s") Duration incidentAfter,
        @DefaultValue("30s") Duration recoveryAfter,
        @DefaultValue("5s") Duration flushInterval,
        @DefaultValue("20000") int maxPending,
        @DefaultValue("") String node) {}
