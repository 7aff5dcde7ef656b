package org.tenantio.importer.web;

import java.util.List;
import java.util.Map;

/** The error code and a fixed message for an HTTP status, for errors no handler of ours explained. */
final class ErrorStatus {

    private ErrorStatus() {
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 413 -> "file_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }

    /** Says what kind of thing was wrong, never with the request's own text (path, header, value). */
    static String message(int status) {
        return switch (status) {
            case 400 -> "The request is malformed (its URL, headers or body could not be read)";
            case 401 -> "Send a valid API key in the X-API-Key header";
            case 403 -> "Not allowed";
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed here";
            case 406 -> "No acceptable representation";
            case 413 -> "The request body is too large";
            case 414 -> "The URL is too long";
            case 415 -> "This content type is not accepted here";
            case 431 -> "The request headers are too large";
            case 500 -> "The request could not be completed; the error has been logged";
            default -> "The request could not be completed (HTTP " + status + ")";
        };
    }

    static Map<String, Object> body(int status) {
        return ApiErrors.body(code(status), message(status), List.of());
    }

    /** The same body as text, for places with no JSON writer at hand (Tomcat's valve). */
    static String json(int status) {
        // Code and message are fixed strings of ours without quotes or backslashes.
        return "{\"error\":{\"code\":\"" + code(status) + "\",\"message\":\"" + message(status) + "\",\"details\":[]}}";
    }
}
