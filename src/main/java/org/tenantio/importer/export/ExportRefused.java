package org.tenantio.importer.export;

import org.tenantio.importer.system.Refusal;

/** A request about exports that cannot be met, with the HTTP status and code the API answers. */
public class ExportRefused extends Refusal {

    public ExportRefused(int status, String code, String message) {
        super(status, code, message);
    }
}
