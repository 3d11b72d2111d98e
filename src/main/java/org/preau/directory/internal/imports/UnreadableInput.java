package org.preau.directory.internal.imports;

import java.io.IOException;
import java.util.Optional;

/**
 * Why reading an import file stopped before its end: it travels as an {@link IOException} through the parsers (Commons
 * CSV, StAX), which wrap it, and becomes the file's error once found again.
 */
abstract sealed class UnreadableInput extends IOException {

    UnreadableInput(String message) {
        super(message);
    }

    /** Adds this file's error to the report. */
    abstract void report(ErrorList errors);

    /** The {@link UnreadableInput} behind a parser's exception, if that is what stopped it. */
    static Optional<UnreadableInput> in(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof UnreadableInput u) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /** Bytes that are not valid in the file's encoding. */
    static final class Undecodable extends UnreadableInput {
        private final long line;
        private final long column;
        private final String charset;
        private final int badByte;

        Undecodable(long line, long column, String charset, int badByte) {
            super("byte 0x%02X at line %d, column %d is not %s".formatted(badByte, line, column, charset));
            this.line = line;
            this.column = column;
            this.charset = charset;
            this.badByte = badByte;
        }

        @Override
        void report(ErrorList errors) {
            errors.add(line, "", "imports.error.encoding", line, column, charset, "%02X".formatted(badByte));
        }
    }

    /** An XML declaration naming an encoding this machine does not know. */
    static final class UnknownEncoding extends UnreadableInput {
        private final String name;

        UnknownEncoding(String name) {
            super("unknown encoding " + name);
            this.name = name;
        }

        @Override
        void report(ErrorList errors) {
            errors.add(1, "encoding", "imports.error.encoding.unknown", name);
        }
    }

    /** A value (an XML token, a CSV record) longer than the limit. */
    static final class TooLong extends UnreadableInput {
        private final long line;
        private final int limit;

        TooLong(long line, int limit) {
            super("a value from line %d on is longer than %d characters".formatted(line, limit));
            this.line = line;
            this.limit = limit;
        }

        @Override
        void report(ErrorList errors) {
            errors.add(line, "", "imports.error.too.long", line, limit);
        }
    }
}
