package org.eventbank.ledger.http;

import java.io.UncheckedIOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import org.eventbank.ledger.domain.AccountStatus;

/** JSON in and out of the HTTP edge. Built by hand (ObjectNode) so field names are the REST contract, not Java names. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String APPLICATION_JSON = "application/json";

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** An account status as the REST contract spells it: {@code "open"} or {@code "closed"}. */
    static String status(AccountStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType(APPLICATION_JSON).result(MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
