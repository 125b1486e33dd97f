package dev.peermesh.log;

import org.jspecify.annotations.Nullable;

/**
 * Text a peer chose (a mesh id, a topic, a header, an address, a refusal's detail, a resolver's answer) made safe for
 * a log line, an exception message or an actuator answer: control characters and the line and paragraph separators
 * are written as escapes ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}, …), a backslash as {@code \\}, and
 * anything past {@link #MAX_LENGTH} characters is cut and marked, so a peer can neither forge log lines, nor put
 * terminal escapes into the log, nor fill it.
 *
 * <p>{@code log.warn("Refused node from mesh '{}'", PeerText.escape(hello.meshId()));}
 */
public final class PeerText {

    /** Most characters of peer-supplied text kept before it is cut. */
    public static final int MAX_LENGTH = 256;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PeerText() {
    }

    /** The text, escaped and cut at {@link #MAX_LENGTH}; {@code "null"} for {@code null}. */
    public static String escape(@Nullable Object text) {
        return escape(text, MAX_LENGTH);
    }

    /** The text, escaped and cut at {@code maxLength} characters of the original. */
    public static String escape(@Nullable Object text, int maxLength) {
        if (text == null) {
            return "null";
        }
        String s = text.toString();
        int end = Math.min(s.length(), maxLength);
        if (end == s.length() && isClean(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            append(out, s.charAt(i));
        }
        if (end < s.length()) {
            out.append("…(").append(s.length() - end).append(" more characters)");
        }
        return out.toString();
    }

    private static boolean isClean(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (needsEscape(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    private static void append(StringBuilder out, char c) {
        if (!needsEscape(c)) {
            out.append(c);
            return;
        }
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            default -> out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                    .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
        }
    }
}
