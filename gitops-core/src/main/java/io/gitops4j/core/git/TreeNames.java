package io.gitops4j.core.git;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Tree entry names as Java strings, losslessly (GS-15). Git stores names as bytes; most are UTF-8. A byte that is
 * not part of valid UTF-8 becomes the lone surrogate {@code U+DC00 + byte} (the "surrogate escape" convention): valid
 * UTF-8 never decodes to a lone surrogate, so every name maps to exactly one string and back, a Latin-1
 * {@code caf\xE9} never collides with the UTF-8 {@code café}, and callers can ask for such a path with the same
 * string the snapshot listed. Messages show escaped bytes as {@code \xHH}.
 */
final class TreeNames {
    private TreeNames() {}

    /** @return the name for these bytes, undecodable bytes escaped as lone surrogates */
    static String decode(byte[] raw, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len; i++) {
            if (raw[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(raw, off, len, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw, off, len);
        CharBuffer out = CharBuffer.allocate(len * 2 + 1);
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.put((char) (0xDC00 | (in.get() & 0xFF)));
                }
                continue;
            }
            if (r.isUnderflow()) {
                dec.flush(out);
                break;
            }
        }
        out.flip();
        return out.toString();
    }

    /** @return the bytes a name stands for (the inverse of {@link #decode}) */
    static byte[] encode(String name) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(name.length() + 8);
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isEscapedByte(c)) {
                out.writeBytes(name.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(c & 0xFF);
                start = i + 1;
            }
        }
        out.writeBytes(name.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** @return true when this name holds bytes that are not valid UTF-8 */
    static boolean hasEscapes(String name) {
        return name.chars().anyMatch(c -> isEscapedByte((char) c));
    }

    /** @return the name for messages: escaped bytes as {@code \xHH} */
    static String shown(String name) {
        if (!hasEscapes(name)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isEscapedByte(c)) {
                sb.append(String.format("\\x%02X", c & 0xFF));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isEscapedByte(char c) {
        return c >= 0xDC80 && c <= 0xDCFF;
    }
}
