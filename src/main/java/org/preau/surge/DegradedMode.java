package org.preau.surge;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether Préau runs read-only because PostgreSQL is slow or unreachable (or an operator forced it). Pages and
 * caches consult it: while it is active, cached copies are served as they are (with a banner) and writes are
 * refused with a clear message. Recovery is automatic once the database answers normally again.
 */
public interface DegradedMode {

    /** Request attribute set to {@code Boolean.TRUE} on requests served while degraded (the layout shows a banner). */
    String REQUEST_ATTRIBUTE = org.preau.platform.web.Ui.READ_ONLY_ATTRIBUTE;

    boolean active();

    /** The latency of the last successful database probe; empty when the last probe failed or none ran yet. */
    Optional<Duration> lastDatabaseLatency();
}
