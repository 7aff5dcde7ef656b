package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * What the console keeps in the server-side session: which key signed in (its id and tenant, never
 * the key itself) and the session's CSRF token. The role is not kept: it is read again on every
 * request, so a revoked key or a changed role takes effect at once, as in the API.
 */
final class ConsoleSession {

    static final String SIGNED_IN = "console.signedIn";
    static final String CSRF = "console.csrf";
    static final String CSRF_PARAMETER = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleSession() {
    }

    record SignedIn(UUID tenantId, UUID keyId) implements Serializable {
    }

    static SignedIn signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (SignedIn) session.getAttribute(SIGNED_IN);
    }

    /** The session's token, made with the session (the sign-in page's form carries it too). */
    static String csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        String token = (String) session.getAttribute(CSRF);
        if (token == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(CSRF, token);
        }
        return token;
    }

    static boolean csrfMatches(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(CSRF);
        String presented = request.getHeader(CSRF_HEADER);
        if (presented == null) {
            presented = request.getParameter(CSRF_PARAMETER);
        }
        return expected != null && presented != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }
}
