package org.preau.directory.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Turns the bytes of an import file into characters, strictly, and refuses a token that grows past
 * {@link #MAX_CHARS}: every reader of import files reads through one of these, so neither a file in another
 * encoding nor one huge value gets past this point.
 *
 * <p>Strict: bytes that are not valid in the file's encoding are never replaced by U+FFFD (what a plain
 * {@link java.io.InputStreamReader} does); reading stops with {@link UnreadableInput.Undecodable}, which names the
 * line, the column and the byte. Bounded: a {@link Tokens} rule says where a token ends (an XML {@code <}, the end of
 * a CSV record); a token longer than the limit stops reading with {@link UnreadableInput.TooLong} before the parser
 * behind can buffer it, so memory stays bounded whatever the file holds. The characters before the fault are still
 * delivered, so that the parser reports what it found up to there. A byte order mark is not delivered.
 */
final class BoundedDecodingReader extends Reader {

    /**
     * The longest value, CSV record or XML token (a tag, a text) accepted. The national feed's and Préau's CSV
     * values are names, codes and short lists: a few hundred characters at most.
     */
    static final int MAX_CHARS = 100_000;

    /** Where tokens end. Sees every character of the file once, in order. */
    interface Tokens {

        /** True when {@code c} ends the current token (the next one starts after it). */
        boolean endsAt(char c);
    }

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final Tokens tokens;
    private final int max;
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private final CharBuffer chars = CharBuffer.allocate(8192).flip();
    private boolean endOfBytes;
    private boolean decoded;
    private boolean started;
    private UnreadableInput pending;
    private long line = 1;
    private long column;
    private long tokenLength;
    private long tokenLine = 1;

    BoundedDecodingReader(InputStream in, Charset charset, Tokens tokens, int max) {
        this.in = in;
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.tokens = tokens;
        this.max = max;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (pending != null) {
                throw pending;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    /** Decodes the next characters; false at the end of the file. */
    private boolean fill() throws IOException {
        chars.clear();
        CoderResult result = CoderResult.UNDERFLOW;
        while (chars.position() == 0 && !decoded) {
            if (!endOfBytes) {
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    endOfBytes = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
            result = decoder.decode(bytes, chars, endOfBytes);
            if (result.isError()) {
                break;
            }
            if (endOfBytes && result.isUnderflow()) {
                decoder.flush(chars);
                decoded = true;
            }
        }
        chars.flip();
        if (!started && chars.hasRemaining()) {
            started = true;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.position(chars.position() + 1); // a byte order mark, not content
            }
        }
        follow();
        if (result.isError() && pending == null) {
            // The decoder stops at the first byte it cannot read: everything before it was counted by follow().
            int bad = bytes.get(bytes.position()) & 0xFF;
            pending = new UnreadableInput.Undecodable(line, column + 1, charset.name(), bad);
        }
        return chars.hasRemaining() || pending != null;
    }

    /** Counts lines and columns over the new characters and cuts them at a token that is too long. */
    private void follow() {
        for (int i = chars.position(); i < chars.limit(); i++) {
            char c = chars.get(i);
            if (c == '\n') {
                line++;
                column = 0;
            } else {
                column++;
            }
            if (tokens.endsAt(c)) {
                tokenLength = 0;
                tokenLine = line;
            } else if (++tokenLength > max) {
                pending = new UnreadableInput.TooLong(tokenLine, max);
                chars.limit(i);
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
