package org.tenantio.importer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CLI's only way in: the service's HTTP API with an API key, so it works the same against
 * a local or a remote deployment. Path parts are percent-encoded one by one, never pasted in.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;

    ApiClient(String url, String key) {
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CliFailure("--url must be an http(s) URL such as http://localhost:8080");
        }
        if (key == null || key.isBlank()) {
            throw new CliFailure("An API key is needed: --key or IMPORTER_API_KEY");
        }
        this.base = url.replaceAll("/+$", "");
        this.key = key.strip();
    }

    static String part(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply post(String path, String contentType, HttpRequest.BodyPublisher body) {
        return send(request(path).header("Content-Type", contentType).POST(body));
    }

    Reply postFile(String path, String contentType, Path file) {
        try {
            return post(path, contentType, HttpRequest.BodyPublishers.ofFile(file));
        } catch (java.io.FileNotFoundException e) {
            throw new CliFailure("No such file: " + file);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10)).header("X-API-Key", key);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new CliFailure("Cannot reach " + base + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("Interrupted");
        }
    }

    record Reply(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new CliFailure("The service answered " + status + " with a body that is not JSON");
            }
        }

        /** The reply, or a failure carrying the API's own error message. */
        Reply orFail() {
            if (ok()) {
                return this;
            }
            String message = body == null || body.isBlank() ? "" : json().path("error").path("message").asText(body);
            throw new CliFailure("The service answered " + status + ": " + message);
        }
    }
}
