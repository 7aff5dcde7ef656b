package org.tenantio.importer.parse;

/** Why a row could not be read as a proper row of the file. */
public record ParseProblem(String ruleCode, String message, String hint) {
}
