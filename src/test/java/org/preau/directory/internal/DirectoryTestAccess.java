package org.preau.directory.internal;

/** The directory's internals that its test fixtures in {@code org.preau.directory} use (test code only). */
public final class DirectoryTestAccess {

    private DirectoryTestAccess() {}

    /** The folded form of a name, exactly as the directory stores it for search. */
    public static String fold(String text) {
        return SearchText.fold(text);
    }
}
