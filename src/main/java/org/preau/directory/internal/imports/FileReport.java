package org.preau.directory.internal.imports;

import java.util.List;

/**
 * What happened to one file. A rejected file wrote nothing; its counts say what it would have done.
 *
 * @param records entries read (XML requests or CSV lines)
 * @param created entries that created something new (a school, a person, a class...)
 * @param updated entries that changed something that existed
 * @param unchanged entries that matched the database already
 * @param disabled accounts disabled by {@code deleteRequest}s
 * @param errors the first errors found (at most {@link ErrorList#CAP}); {@code moreErrors} counts the rest
 */
public record FileReport(
        String file,
        String kind,
        boolean accepted,
        int records,
        int created,
        int updated,
        int unchanged,
        int disabled,
        List<ImportError> errors,
        int moreErrors,
        long millis) {

    public int errorCount() {
        return errors.size() + moreErrors;
    }
}
