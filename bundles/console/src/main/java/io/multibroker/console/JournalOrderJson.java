package io.multibroker.console;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.model.OrderStatus;
import java.io.IOException;

/**
 * How the commands write a {@link JournalOrder} in JSON (a Jackson mix-in): an order whose intent is journalled and that
 * has no answer yet has the status {@code SENT}, as the HTTP API and the table say, not {@code null}, which a script
 * reading the status cannot tell from a field missing.
 */
abstract class JournalOrderJson {

    @JsonSerialize(nullsUsing = Sent.class)
    abstract OrderStatus status();

    /** Writes the missing status of an order sent and not answered. */
    static final class Sent extends JsonSerializer<Object> {
        @Override
        public void serialize(Object absent, JsonGenerator json, SerializerProvider serializers) throws IOException {
            json.writeString("SENT");
        }
    }
}
