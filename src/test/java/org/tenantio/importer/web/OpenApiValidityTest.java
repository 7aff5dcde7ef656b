package org.tenantio.importer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The published OpenAPI document is valid OpenAPI 3: a real parser reads it without a single message. */
class OpenApiValidityTest {

    @Test
    void theDocumentParsesWithoutErrorsOrWarnings() throws IOException {
        String yaml;
        try (InputStream in = getClass().getResourceAsStream("/openapi.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(yaml, null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void theParserReportsABrokenDocument() {
        // A guard that the check above can fail: a description with an unquoted ": " is an extra key.
        String broken = """
                openapi: 3.0.3
                info: {title: t, version: '1'}
                paths:
                  /x:
                    get:
                      description: one, two: three
                      responses: {'200': {description: ok}}
                """;
        SwaggerParseResult result = new OpenAPIParser().readContents(broken, null, new ParseOptions());
        assertThat(result.getMessages()).isNotEmpty();
    }
}
