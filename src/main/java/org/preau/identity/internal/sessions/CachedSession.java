package org.preau.identity.internal.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * One request's view of a session: a private copy of what the node holds, so reading costs nothing; the first change
 * (an attribute, the lifetime, the id) fetches the stored session and applies every change to it as well, so that
 * {@link CachingSessionRepository#save} writes it through.
 */
final class CachedSession implements Session {

    private final MapSession data;
    private final String originalId;
    private final Function<String, Session> loader;
    private Session live;

    /** A new session, not stored yet. */
    CachedSession(Session created) {
        this.live = created;
        this.data = new MapSession(created);
        this.originalId = null;
        this.loader = id -> created;
    }

    /** A stored session, read from the node's memory. */
    CachedSession(String id, MapSession copy, Function<String, Session> loader) {
        this.data = copy;
        this.originalId = id;
        this.loader = loader;
    }

    Session live() {
        return live;
    }

    Optional<String> originalId() {
        return Optional.ofNullable(originalId);
    }

    private Session changing() {
        if (live == null) {
            live = loader.apply(originalId);
            if (live == null) {
                throw new IllegalStateException("The session ended while it was being changed");
            }
        }
        return live;
    }

    @Override
    public String getId() {
        return live != null ? live.getId() : data.getId();
    }

    @Override
    public String changeSessionId() {
        String next = changing().changeSessionId();
        data.setId(next);
        return next;
    }

    @Override
    public <T> T getAttribute(String name) {
        return data.getAttribute(name);
    }

    @Override
    public Set<String> getAttributeNames() {
        return data.getAttributeNames();
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            removeAttribute(name);
            return;
        }
        changing().setAttribute(name, value);
        data.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        if (data.getAttribute(name) == null && live == null) {
            return;
        }
        changing().removeAttribute(name);
        data.removeAttribute(name);
    }

    @Override
    public Instant getCreationTime() {
        return data.getCreationTime();
    }

    @Override
    public void setLastAccessedTime(Instant lastAccessedTime) {
        data.setLastAccessedTime(lastAccessedTime);
        if (live != null) {
            live.setLastAccessedTime(lastAccessedTime);
        }
    }

    @Override
    public Instant getLastAccessedTime() {
        return data.getLastAccessedTime();
    }

    @Override
    public void setMaxInactiveInterval(Duration interval) {
        if (interval.equals(data.getMaxInactiveInterval()) && live == null) {
            return;
        }
        changing().setMaxInactiveInterval(interval);
        data.setMaxInactiveInterval(interval);
    }

    @Override
    public Duration getMaxInactiveInterval() {
        return data.getMaxInactiveInterval();
    }

    @Override
    public boolean isExpired() {
        return data.isExpired();
    }
}
