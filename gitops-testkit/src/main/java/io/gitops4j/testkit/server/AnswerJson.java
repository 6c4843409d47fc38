package io.gitops4j.testkit.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.gitops4j.testkit.kube.internal.PresentedObject;
import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * The mapper that writes answer bodies: plain Jackson, except that a stored object nobody has touched since it was
 * read is written from its memoised JSON text (the same bytes serialising it would give), so gets and lists do not
 * copy or serialise objects again.
 */
final class AnswerJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("gitops4j-answers").addSerializer(new Presented()));

    private AnswerJson() {
    }

    /** Writes the memoised text, or the object's map when the reader changed it. */
    private static final class Presented extends StdSerializer<PresentedObject> {
        private static final long serialVersionUID = 1L;

        Presented() {
            super(PresentedObject.class);
        }

        @Override
        public void serialize(PresentedObject value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            SerializableString json = value.untouchedJson();
            if (json != null) {
                gen.writeRawValue(json);
            } else {
                provider.defaultSerializeValue(new LinkedHashMap<>(value), gen);
            }
        }
    }
}
