package org.preau.classroom.internal;

import java.text.Normalizer;
import org.preau.platform.web.Problem;

/**
 * A chat message is plain text, never markup: it is always written out escaped (JTE on the page, {@code textContent}
 * in the browser), so no tag in it can ever run. Cleaning removes what escaping does not: control characters and
 * the bidirectional overrides that make a message display as something else, runs of blank lines, and length.
 */
final class ChatText {

    static final int MAX_LENGTH = 500;

    private ChatText() {}

    static String clean(String raw) {
        if (raw == null) {
            throw Problem.invalid("text", "classroom.chat.empty");
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFC).replace("\r\n", "\n");
        var out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean bidi =
                    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
            if (cp == '\n' || cp == '\t') {
                out.appendCodePoint(cp == '\t' ? ' ' : cp);
            } else if (!Character.isISOControl(cp) && !bidi && Character.getType(cp) != Character.UNASSIGNED) {
                out.appendCodePoint(cp);
            }
        });
        String text = out.toString().replaceAll("\n{3,}", "\n\n").strip();
        if (text.isEmpty()) {
            throw Problem.invalid("text", "classroom.chat.empty");
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw Problem.invalid("text", "classroom.chat.tooLong", MAX_LENGTH);
        }
        return text;
    }
}
