package org.preau.directory;

import java.util.Map;
import java.util.UUID;

/**
 * Reading and changing a school's communication rules. This API does not decide who may change them: the admin
 * module's services check that the caller is the school's direction or an operator before calling
 * {@link #update}.
 */
public interface CommunicationSettings {

    /** The school's rules, DOMAIN.md's defaults where the school changed nothing. */
    CommunicationPolicy policyOf(UUID schoolId);

    /**
     * Sets the reach of the given pairs (a pair set to its default reach stops being an override), in one
     * transaction, and tells every node to forget cached rules.
     */
    void update(UUID schoolId, Map<CommunicationPolicy.Pair, Reach> reach, UUID updatedBy);
}
