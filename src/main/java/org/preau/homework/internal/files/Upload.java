package org.preau.homework.internal.files;

import java.io.IOException;
import java.io.InputStream;

/** A file as a user sent it, before any check: the name and type they claim, and its bytes. */
public record Upload(String filename, long sizeBytes, Opener content) {

    /** Opens the bytes; may fail midway (a broken connection), which must leave nothing behind. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}
