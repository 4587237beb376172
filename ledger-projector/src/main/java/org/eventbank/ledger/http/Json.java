package org.eventbank.ledger.http;

import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;

/** JSON in and out of the HTTP edge. Built by hand (ObjectNode) so field names are the REST contract, not Java names. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String APPLICATION_JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
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

    /** "account-not-found" reads "Account not found", as account-service's titles do. */
    static String title(String code) {
        return Character.toUpperCase(code.charAt(0)) + code.substring(1).replace('-', ' ');
    }

    static String problem(ProblemException problem, String instance) {
        ObjectNode body = object();
        body.put("type", "/problems/" + problem.code());
        body.put("title", title(problem.code()));
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("instance", instance);
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
