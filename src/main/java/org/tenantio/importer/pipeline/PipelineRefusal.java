package org.tenantio.importer.pipeline;

import java.util.List;
import java.util.Map;
import org.tenantio.importer.system.Refusal;

/** A pipeline request the service will not carry out, with the HTTP status the API answers. */
public class PipelineRefusal extends Refusal {

    public PipelineRefusal(int status, String code, String message, List<Map<String, String>> details) {
        super(status, code, message, details);
    }

    public PipelineRefusal(int status, String code, String message) {
        super(status, code, message);
    }
}
