package org.preau.directory.internal.imports;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The characters of a national feed file, in the encoding its byte order mark or its XML declaration names (UTF-8
 * when neither does, as XML says), decoded strictly by {@link BoundedDecodingReader}. Decoding here rather than in
 * the parser gives the line and column of a byte that is not in that encoding, and bounds every token: a run of
 * characters without {@code <} (an element's text, a tag with its name and attribute values) may not grow past
 * {@link BoundedDecodingReader#MAX_CHARS}.
 */
final class XmlFeedInput {

    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");

    private XmlFeedInput() {}

    static Reader open(InputStream in) throws IOException {
        var buffered = in.markSupported() ? in : new BufferedInputStream(in);
        buffered.mark(1024);
        byte[] head = buffered.readNBytes(1024);
        buffered.reset();
        return new BufferedReader(
                new BoundedDecodingReader(buffered, encoding(head), c -> c == '<', BoundedDecodingReader.MAX_CHARS),
                64 * 1024);
    }

    private static Charset encoding(byte[] head) throws UnreadableInput {
        if (startsWith(head, 0xFE, 0xFF) || startsWith(head, 0x00, 0x3C, 0x00, 0x3F)) {
            return StandardCharsets.UTF_16BE;
        }
        if (startsWith(head, 0xFF, 0xFE) || startsWith(head, 0x3C, 0x00, 0x3F, 0x00)) {
            return StandardCharsets.UTF_16LE;
        }
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            return StandardCharsets.UTF_8;
        }
        var declared = DECLARED_ENCODING.matcher(new String(head, StandardCharsets.ISO_8859_1));
        if (!declared.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(declared.group(1));
        } catch (IllegalArgumentException e) {
            throw new UnreadableInput.UnknownEncoding(declared.group(1));
        }
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
