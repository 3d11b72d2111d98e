package org.preau.directory;

import java.util.List;
import java.util.UUID;
import org.preau.identity.CurrentUser;

/**
 * Who may do what, decided once, next to the facts it is decided from (memberships, staff functions, enrolments,
 * parent links, teaching assignments). Every module asks here instead of combining {@link Directory} facts itself,
 * so that the cahier de textes, the admin console and the modules to come never disagree on who is staff of a
 * school or who may reset a password (ADR 0024).
 *
 * <p>The people, as the rules see them:
 *
 * <ul>
 *   <li><b>staff of a school</b>: an account of profile STAFF with a STAFF membership of that school (direction, vie
 *       scolaire, secrétariat, documentaliste…);
 *   <li><b>direction of a school</b>: staff of the school whose function is {@value #DIRECTION} (the head of school
 *       and deputies);
 *   <li><b>the operator</b>: profile ADMIN (the region's or académie's administrators). The operator administers
 *       every school, and <b>reads every school's cahier de textes, read-only, for support</b>: they see what staff
 *       see (entries, history), they write nothing there since they teach nothing.
 * </ul>
 *
 * <p>Answers come from the directory's cached reads: once warm, a page asking any of these questions costs no query,
 * except {@link #mayResetPassword}, which reads the target's account (a rare action, never on a hot path).
 */
public interface Rights {

    /** The staff function of the head of school and deputies. */
    String DIRECTION = "DIRECTION";

    /** Whether the user is the operator (profile ADMIN), whose console covers every school. */
    boolean isOperator(CurrentUser user);

    /** Whether the user is staff of this school (a STAFF membership there); the operator is not, by this alone. */
    boolean isStaffOf(CurrentUser user, UUID schoolId);

    /** Whether the user is staff of this school with the {@value #DIRECTION} function. */
    boolean isDirectionOf(CurrentUser user, UUID schoolId);

    /**
     * Whether the user acts on this school in the console and reads all of it (every class's cahier de textes, its
     * people): its staff, and the operator.
     */
    boolean administers(CurrentUser user, UUID schoolId);

    /** The schools the user {@link #administers}, sorted by name: every school for the operator. */
    List<School> administeredSchools(CurrentUser user);

    /**
     * Whether the user governs this school: changes its communication rules, reads its audit log, resets its staff's
     * and teachers' passwords. Its direction, and the operator.
     */
    boolean governs(CurrentUser user, UUID schoolId);

    /** The schools the user {@link #governs}, sorted by name: every school for the operator. */
    List<School> governedSchools(CurrentUser user);

    /** Whether the user is a teacher of this class or group, in any subject. */
    boolean teaches(CurrentUser user, UUID audienceId);

    /** Whether the user teaches this subject to this class or group. */
    boolean teaches(CurrentUser user, UUID audienceId, UUID subjectId);

    /**
     * Whether the user may read what concerns this pupil (their work, hand-ins, timetable): the pupil themself, their
     * parents, the teachers of one of their classes or groups, the staff of their school, the operator.
     */
    boolean mayReadPupil(CurrentUser user, UUID pupilId);

    /**
     * Whether the user may reset this account's password from this school's console. Staff of the school reset its
     * pupils and parents. Only the school's direction and the operator reset an account that is a teacher's or a
     * staff member's anywhere, and the direction only if that account teaches or works in this school (a teacher of
     * another school who is a parent here is reset by their own head or the operator). Only the operator resets an
     * operator's account. Nobody resets their own password here (it is changed on the profile page, with the current
     * one). Whether the account belongs to the school at all is for the caller to check first
     * ({@link Directory#personOf}), so that it can answer "not found".
     */
    boolean mayResetPassword(CurrentUser user, UUID schoolId, UUID accountId);
}
