package org.preau.directory.internal.imports;

/**
 * Where a CSV record ends, as Commons CSV reads it (RFC 4180): at a line end outside quotes. A quoted value may span
 * lines, so bounding lines alone would let one value of many short lines grow without limit; bounding records bounds
 * every value. A quote opens a quoted value only as the first character of a field; {@code ""} inside one is a quote.
 * The separator is the header line's (the same choice as {@link CsvFileReader#separator}).
 */
final class CsvRecordEnds implements BoundedDecodingReader.Tokens {

    private enum State {
        FIELD_START,
        UNQUOTED,
        QUOTED,
        QUOTE_IN_QUOTED
    }

    private boolean header = true;
    private int semicolons;
    private int commas;
    private char separator;
    private State state = State.FIELD_START;

    @Override
    public boolean endsAt(char c) {
        boolean lineEnd = c == '\n' || c == '\r';
        if (header) {
            // Column names are not quoted across lines: the first line end ends the header.
            if (lineEnd) {
                header = false;
                separator = CsvFileReader.separator(semicolons, commas);
            } else if (c == ';') {
                semicolons++;
            } else if (c == ',') {
                commas++;
            }
            return lineEnd;
        }
        if (state == State.QUOTED) {
            if (c == '"') {
                state = State.QUOTE_IN_QUOTED;
            }
            return false;
        }
        if (c == '"' && (state == State.FIELD_START || state == State.QUOTE_IN_QUOTED)) {
            state = State.QUOTED; // opens a quoted value, or "" inside one
            return false;
        }
        if (lineEnd) {
            state = State.FIELD_START;
            return true;
        }
        state = c == separator ? State.FIELD_START : State.UNQUOTED;
        return false;
    }
}
