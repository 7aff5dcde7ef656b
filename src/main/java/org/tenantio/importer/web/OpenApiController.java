package org.tenantio.importer.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the API description, maintained in openapi.yaml and kept complete by OpenApiDocumentIT. */
@RestController
public class OpenApiController {

    public static final String PATH = "/api/v1/openapi.json";

    private final JsonNode document;

    public OpenApiController() throws IOException {
        try (InputStream in = OpenApiController.class.getResourceAsStream("/openapi.yaml")) {
            this.document = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @GetMapping(PATH)
    public JsonNode document() {
        return document;
    }
}
