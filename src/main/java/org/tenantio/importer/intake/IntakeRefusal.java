package org.tenantio.importer.intake;

import org.tenantio.importer.system.Refusal;

/** Intake will not start a run for this input; code and status say why to API clients. */
public class IntakeRefusal extends Refusal {

    public IntakeRefusal(int status, String code, String message) {
        super(status, code, message);
    }
}
