package org.tenantio.importer.web;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.tenantio.importer.intake.FileTooLargeException;
import org.tenantio.importer.intake.IntakeRefusal;
import org.tenantio.importer.tenant.QuotaExceeded;

/**
 * Turns every failure into the API's error shape: known ones keep their status, Spring MVC's
 * own (unknown path, wrong method, bad media type...) keep theirs, anything else is a 500 with
 * no internals in the body.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final long maxUploadBytes;

    public ApiExceptionHandler(org.tenantio.importer.system.ImporterProperties properties) {
        this.maxUploadBytes = properties.maxUploadBytes();
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(ApiErrors.body(e.code(), e.getMessage(), e.details()));
    }

    @ExceptionHandler(org.tenantio.importer.system.Refusal.class)
    ResponseEntity<Object> refused(org.tenantio.importer.system.Refusal e) {
        return ResponseEntity.status(e.status()).body(ApiErrors.body(e.code(), e.getMessage(), e.details()));
    }

    @ExceptionHandler(QuotaExceeded.class)
    ResponseEntity<Object> overQuota(QuotaExceeded e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(429);
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfterSeconds())));
        }
        return response.body(ApiErrors.body(e.code(), e.getMessage(), e.details()));
    }

    @ExceptionHandler(FileTooLargeException.class)
    ResponseEntity<Object> tooLarge(FileTooLargeException e) {
        return ResponseEntity.status(413).body(ApiErrors.body("file_too_large", e.getMessage(), List.of()));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(413).body(ApiErrors.body("file_too_large",
                // Spring often cannot tell the limit (-1): state the configured one.
                "The upload is larger than the limit of " + maxUploadBytes + " bytes", List.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unhandled error in API call: {}", e.getClass().getName(), e);
        return ResponseEntity.status(500).body(ApiErrors.body("internal_error",
                "The request could not be completed; the error has been logged", List.of()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String code = switch (status.value()) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "file_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status.value();
        };
        String message = ex.getMessage() == null ? code : ex.getMessage();
        Map<String, Object> error = ApiErrors.body(code, message, List.of());
        return ResponseEntity.status(status).headers(headers).body(error);
    }
}
