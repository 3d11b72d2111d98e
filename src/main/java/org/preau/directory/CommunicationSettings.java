package org.preau.directory;

import java.util.Map;
import java.util.UUID;

/**
 * Reading and changing a school's communication rules. This API does not decide who may change them: the admin
 * module's services check with {@link Rights#governs} (the school's direction or the operator) before calling
 * {@link #update}.
 */
public interface CommunicationSettings {

    /** The school's rules, DOMAIN.md's defaults where the school changed nothing. */
    CommunicationPolicy policyOf(UUID schoolId);

    /**
     * Sets the reach of the given pairs (a pair set to its default reach stops being an override), in one
     * transaction, and tells every node to forget cached rules. The change is audited (action
     * {@code directory.communication-rules}, by {@code updatedBy}, for the school) when it changed anything.
     */
    void update(UUID schoolId, Map<CommunicationPolicy.Pair, Reach> reach, UUID updatedBy);
}
