package org.eventbank.kit.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers as problem documents instead of its HTML page: the ones it gives before a
 * request reaches the app (illegal bytes in the request line or a header: 400; a URI too long: 414;
 * headers too large: 431; a body over the limit: 413) and any error it renders itself. The detail is
 * Jetty's reason, which never echoes the client's bytes.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        return ByteBuffer.wrap(Problems.body(Problems.typeFor(status), detail(status, reason), null));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(Problems.body(Problems.typeFor(code), detail(code, message),
                Request.getPathInContext(request))), callback);
    }

    private static String detail(int status, String reason) {
        String why = reason == null || reason.isBlank() ? "HTTP " + status : reason;
        return "the request was refused before it reached the service: " + why;
    }
}
