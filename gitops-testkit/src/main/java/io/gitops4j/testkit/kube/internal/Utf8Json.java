package io.gitops4j.testkit.kube.internal;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A rendered JSON value kept as its UTF-8 bytes, for writing raw into an answer ({@code writeRawValue}): a byte
 * generator copies the bytes as they are, with no encoding step. The text form is decoded only if a character
 * generator asks for it. The "quoted" forms (a JSON string containing this text) are derived from the text; answers
 * never use them. Immutable: {@link #asUnquotedUTF8()} hands out the array itself, which callers only read.
 */
final class Utf8Json implements SerializableString {
    private final byte[] utf8;
    private volatile SerializedString text;

    Utf8Json(byte[] utf8) {
        this.utf8 = utf8;
    }

    private SerializedString text() {
        SerializedString t = text;
        if (t == null) {
            t = new SerializedString(new String(utf8, StandardCharsets.UTF_8));
            text = t;
        }
        return t;
    }

    @Override
    public String getValue() {
        return text().getValue();
    }

    @Override
    public int charLength() {
        return text().charLength();
    }

    @Override
    public char[] asQuotedChars() {
        return text().asQuotedChars();
    }

    /** The bytes themselves, not a copy (as Jackson's own {@link SerializedString} does): generators only read them. */
    @Override
    public byte[] asUnquotedUTF8() {
        return utf8;
    }

    @Override
    public byte[] asQuotedUTF8() {
        return text().asQuotedUTF8();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        return text().appendQuotedUTF8(buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        return text().appendQuoted(buffer, offset);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + utf8.length > buffer.length) {
            return -1;
        }
        System.arraycopy(utf8, 0, buffer, offset, utf8.length);
        return utf8.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        return text().appendUnquoted(buffer, offset);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        return text().writeQuotedUTF8(out);
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(utf8);
        return utf8.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
        return text().putQuotedUTF8(buffer);
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) throws IOException {
        if (buffer.remaining() < utf8.length) {
            return -1;
        }
        buffer.put(utf8);
        return utf8.length;
    }

    @Override
    public String toString() {
        return getValue();
    }
}
