package org.preau.directory.internal.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * Every error of one file, kept up to a cap so that a file with a million bad lines cannot exhaust memory; the rest
 * are only counted.
 */
final class ErrorList {

    static final int CAP = 200;

    private final String file;
    private final List<ImportError> errors = new ArrayList<>();
    private int more;

    ErrorList(String file) {
        this.file = file;
    }

    void add(long line, String field, String code, Object... args) {
        if (errors.size() < CAP) {
            var texts = new ArrayList<String>(args.length);
            for (Object a : args) {
                texts.add(String.valueOf(a));
            }
            errors.add(new ImportError(file, line, field == null ? "" : field, code, List.copyOf(texts)));
        } else {
            more++;
        }
    }

    boolean any() {
        return !errors.isEmpty() || more > 0;
    }

    List<ImportError> list() {
        return List.copyOf(errors);
    }

    int more() {
        return more;
    }
}
