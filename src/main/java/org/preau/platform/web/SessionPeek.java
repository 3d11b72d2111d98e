package org.preau.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.preau.platform.SignedInUser;

/**
 * Who a request's session cookie belongs to, answered from this node's memory only, never the database: the surge
 * filter decides a flood's lane and refuses it before anything reads a session. Implemented by the identity module.
 */
public interface SessionPeek {

    /** What the node knows of a request's session. */
    enum Kind {
        /** No session cookie, or one for a session that ended: the request is anonymous. */
        NONE,
        /** A session in this node's memory: its user is known at no cost. */
        KNOWN,
        /** A session cookie this node has not seen: reading it costs a query. */
        UNKNOWN
    }

    record Result(Kind kind, Optional<SignedInUser> user) {
        public static final Result NONE = new Result(Kind.NONE, Optional.empty());
        public static final Result UNKNOWN = new Result(Kind.UNKNOWN, Optional.empty());
    }

    Result peek(HttpServletRequest request);
}
