package org.preau.homework.internal.entries;

import java.util.UUID;

/** A class/group × subject a teacher may write for, as a choice of the entry form ({@code value}: "audience|subject"). */
public record Target(String value, String label, UUID audienceId, UUID subjectId) {}
