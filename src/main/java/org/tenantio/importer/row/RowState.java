package org.tenantio.importer.row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tenantio.importer.row.Violation;

/**
 * One input row as it travels through map, validate and load, collecting what each stage
 * decides. Mutable on purpose: the stages fill it in, in order, on one thread.
 */
public final class RowState {

    private final long rowNumber;
    private final List<String> values;
    private final Map<String, String> raw;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private String externalId;
    private String contentHash;
    private Outcome outcome;
    private UUID recordId;
    private String fieldsJson;
    private String rawHash;
    private boolean loadedBefore;

    public RowState(long rowNumber, List<String> values, Map<String, String> raw) {
        this.rowNumber = rowNumber;
        this.values = values;
        this.raw = raw;
    }

    /** The cell values in file order, exactly as read. */
    public List<String> values() {
        return values;
    }

    public long rowNumber() {
        return rowNumber;
    }

    /** The row exactly as read, keyed by header cell (or by column position where the header has none). */
    public Map<String, String> raw() {
        return raw;
    }

    /** Canonical fields: mapped, then normalised by validation. */
    public Map<String, String> fields() {
        return fields;
    }

    public List<Violation> violations() {
        return violations;
    }

    public boolean quarantined() {
        return violations.stream().anyMatch(Violation::blocking);
    }

    public String externalId() {
        return externalId;
    }

    public void externalId(String externalId) {
        this.externalId = externalId;
    }

    public String contentHash() {
        return contentHash;
    }

    public void contentHash(String contentHash) {
        this.contentHash = contentHash;
    }

    public Outcome outcome() {
        return outcome;
    }

    public void outcome(Outcome outcome) {
        this.outcome = outcome;
    }

    /** The fields as JSON, once the load stage has written them out (they no longer change then). */
    public String fieldsJson() {
        return fieldsJson;
    }

    public void fieldsJson(String fieldsJson) {
        this.fieldsJson = fieldsJson;
    }

    public UUID recordId() {
        return recordId;
    }

    public void recordId(UUID recordId) {
        this.recordId = recordId;
    }

    /** Digest of the row as read with the run's mapping and rules (see load/UnchangedRows); null where not computed. */
    public String rawHash() {
        return rawHash;
    }

    public void rawHash(String rawHash) {
        this.rawHash = rawHash;
    }

    /**
     * The row is, as read, one this source's key was last loaded from, with the same mapping and
     * rules: validation skips it and the load confirms it unchanged under its lock (or validates
     * it after all, if the key changed in between).
     */
    public boolean loadedBefore() {
        return loadedBefore;
    }

    public void loadedBefore(boolean loadedBefore) {
        this.loadedBefore = loadedBefore;
    }
}
