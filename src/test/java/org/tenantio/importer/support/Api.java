package org.tenantio.importer.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** A plain HTTP client for the service under test: real requests over loopback. */
public class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINISHED = Set.of("completed", "failed", "rolled_back", "cancelled");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public Response get(String path, String key) {
        return send(request(path, key).GET().build());
    }

    public Response postCsv(String path, String key, String csv) {
        return send(request(path, key).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build());
    }

    public Response send(String method, String path, String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response postJson(String path, String key, String contentType, String json) {
        return send(request(path, key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response postFile(String path, String key, String contentType, Path file) {
        try {
            return send(request(path, key).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response postMultipart(String path, String key, String fileName, String content) {
        String boundary = "----test" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return send(request(path, key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Uploads CSV text to a pipeline, expects 202, and returns the run once it has finished. */
    public JsonNode importCsv(String pipeline, String key, String csv) {
        Response r = postCsv("/api/v1/pipelines/" + pipeline + "/runs", key, csv);
        if (r.status() != 202) {
            throw new AssertionError("Expected 202 but got " + r.status() + ": " + r.body());
        }
        return awaitRun(r.json().get("id").asText(), key);
    }

    /** Waits until the run has finished and returns it. */
    public JsonNode awaitRun(String runId, String key) {
        return awaitRunWithin(runId, key, Duration.ofSeconds(60));
    }

    public JsonNode awaitRunWithin(String runId, String key, Duration limit) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(limit).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = get("/api/v1/runs/" + runId, key).json();
            return FINISHED.contains(last[0].path("status").asText());
        });
        return last[0];
    }

    private HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return b;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String body, String location) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }
    }
}
