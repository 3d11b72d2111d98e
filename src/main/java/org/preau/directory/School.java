package org.preau.directory;

import java.util.UUID;

/** A school (établissement), the tenant, identified by its UAI. */
public record School(UUID id, String uai, String name, String city) {}
