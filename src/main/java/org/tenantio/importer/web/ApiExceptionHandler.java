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
        // Every 429 says when to come back; a limit with no known end (file size) says a minute.
        long retry = e.retryAfterSeconds() == null ? 60 : Math.max(1, e.retryAfterSeconds());
        return ResponseEntity.status(429).header(HttpHeaders.RETRY_AFTER, String.valueOf(retry))
                .body(ApiErrors.body(e.code(), e.getMessage(), e.details()));
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

    /** A multipart body that cannot be parsed (bad boundary, bad part headers or file name) is the client's error. */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<Object> badMultipart(org.springframework.web.multipart.MultipartException e) {
        // (MaxUploadSizeExceededException, a subclass, has its own handler above: 413.)
        return ResponseEntity.status(400).body(ApiErrors.body("bad_multipart",
                "The multipart body could not be read: check its boundary, part headers and file name", List.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        // The class and where it was thrown, never its message: messages may carry row values.
        StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
        log.error("Unhandled error in API call: {} at {}", e.getClass().getName(), at);
        return ResponseEntity.status(500).body(ApiErrors.body("internal_error",
                "The request could not be completed; the error has been logged", List.of()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // Spring's messages name Java types and echo input: a fixed message by status instead.
        String code = ErrorStatus.code(status.value());
        String message = ErrorStatus.message(status.value());
        Map<String, Object> error = ApiErrors.body(code, message, List.of());
        return ResponseEntity.status(status).headers(headers).body(error);
    }
}
