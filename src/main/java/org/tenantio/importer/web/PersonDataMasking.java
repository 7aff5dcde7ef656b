package org.tenantio.importer.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.EntityContract;
import org.tenantio.importer.quality.EntityContracts;

/**
 * The one masking step for everything the API answers with person data, for every role but admin
 * (requirements 003 and 004): records, duplicates and their feature contributions, merges and
 * their before images, quarantined rows as sent, audit before/after, run logs.
 *
 * <p>What is sensitive comes from the entity contracts (a field with a {@code masking} kind, with
 * {@code sensitivity: sensitive} such as date of birth, or of type email or phone) plus the match
 * keys derived from them ({@code *_match}). Because quarantined rows are keyed by the tenant's own
 * column names, a key that names a contact or birth date ("E-mail address", "Mobile", "DOB") is
 * sensitive too; an object that says which field it is about ({@code field}, {@code feature}) has
 * its value members masked when that field is; and any text that contains an email address, or is
 * shaped like a phone number, has it masked wherever it appears. A field granted to the caller's
 * role (field grants) passes unmasked.
 */
@Component
public class PersonDataMasking {

    public static final String MASK = "***";

    private static final Set<String> CONTACT_TYPES = Set.of("email", "phone");
    /** Parts of a column name that say what it holds, whatever the tenant calls it. */
    private static final List<String> NAME_HINTS = List.of("email", "phone", "mobile", "telephone", "birth", "dob");
    /** Members of an object about one field ({@code field}/{@code feature}) that carry that field's values. */
    private static final Set<String> VALUE_MEMBERS = Set.of("value", "values", "left", "right", "raw", "normalized",
            "original", "before", "after", "suggested");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");

    /** Sensitive by default even where no contract says so (requirements 003: birth date is admin-only). */
    private static final List<String> ALWAYS = List.of("email", "emails", "phone", "phones", "date_of_birth", "birth_date");

    private final EntityContracts contracts;
    private final java.nio.file.Path contractFolder;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public PersonDataMasking(EntityContracts contracts, org.tenantio.importer.system.ImporterProperties properties,
                             com.fasterxml.jackson.databind.ObjectMapper json) {
        this.contracts = contracts;
        this.contractFolder = properties.mappings().resolve("contracts");
        this.json = json;
    }

    /**
     * A value the API answers with, masked exactly as its JSON answer is, for what renders it other
     * than as JSON (the console's pages): the same tree walk, on the value's JSON form, read back
     * as the same type.
     */
    public <T> T masked(T value, Class<T> type, Policy policy) {
        if (value == null) {
            return null;
        }
        return json.convertValue(mask(json.valueToTree(value), policy), type);
    }

    /** The sensitive field names of every contract as it is now (contracts are re-read when their file changes). */
    Set<String> sensitiveNames() {
        Set<String> names = new HashSet<>();
        ALWAYS.forEach(n -> names.add(normal(n)));
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(contractFolder)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - 5))
                    .forEach(entity -> contracts.find(entity).ifPresent(c -> addSensitive(c, names)));
        } catch (java.io.IOException e) {
            // No contracts folder: the defaults and the name hints still mask.
        }
        return names;
    }

    private static void addSensitive(EntityContract contract, Set<String> names) {
        contract.fields().forEach((name, f) -> {
            if (f.masking() != null || "sensitive".equals(f.sensitivity()) || CONTACT_TYPES.contains(f.type())) {
                names.add(normal(name));
            }
        });
    }

    /** What one caller may not see: the sensitive names, less the fields granted to its role. */
    public Policy policy(Set<String> granted) {
        return new Policy(sensitiveNames(), granted.stream().map(PersonDataMasking::normal).filter(g -> !g.isEmpty())
                .collect(java.util.stream.Collectors.toSet()));
    }

    /** Sensitive names and grants, fixed for one response. */
    public record Policy(Set<String> sensitive, Set<String> granted) {

        /** Whether a field or column name was granted to this caller's role, so its values pass as they are. */
        public boolean isGranted(String name) {
            String n = normal(name);
            return granted.stream().anyMatch(n::contains);
        }

        /** Whether a field or column name holds values this caller sees masked. */
        public boolean isSensitive(String name) {
            String n = normal(name);
            if (isGranted(name)) {
                return false;
            }
            return sensitive.contains(n) || name.toLowerCase(Locale.ROOT).endsWith("_match")
                    || NAME_HINTS.stream().anyMatch(n::contains);
        }
    }

    /** Masks a JSON tree in place and returns it. */
    public static JsonNode mask(JsonNode node, Policy policy) {
        if (node instanceof ObjectNode object) {
            maskObject(object, policy);
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isTextual()) {
                    array.set(i, scrub(element.asText()));
                } else {
                    mask(element, policy);
                }
            }
        }
        return node;
    }

    /** One cell of a flat export (a quarantine CSV): its column name decides, then its text. */
    public static String cell(String column, String value, Policy policy) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return policy.isSensitive(column) ? MASK : scrub(value).asText();
    }

    private static void maskObject(ObjectNode object, Policy policy) {
        String about = object.hasNonNull("field") ? object.get("field").asText()
                : object.hasNonNull("feature") ? object.get("feature").asText() : null;
        boolean aboutSensitive = about != null && policy.isSensitive(about);
        Iterator<Map.Entry<String, JsonNode>> members = object.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            String name = member.getKey();
            JsonNode child = member.getValue();
            if (child.isNull() || child.isMissingNode() || (child.isValueNode() && policy.isGranted(name))) {
                continue;
            }
            if (policy.isSensitive(name) || (aboutSensitive && VALUE_MEMBERS.contains(name))) {
                member.setValue(hideAll(child));
            } else if (aboutSensitive && "message".equals(name) && child.isTextual()) {
                // A rule's message may quote the value it refused: dates and digit runs go too.
                member.setValue(TextNode.valueOf(scrub(child.asText()).asText()
                        .replaceAll("\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}|\\+?\\d{6,}", MASK)));
            } else if (child.isTextual()) {
                member.setValue(scrub(child.asText()));
            } else {
                mask(child, policy);
            }
        }
    }

    /** Every text and number in a sensitive member; structure (and booleans) stay. */
    private static JsonNode hideAll(JsonNode node) {
        if (node.isTextual() || node.isNumber()) {
            return node.isTextual() && node.asText().isEmpty() ? node : TextNode.valueOf(MASK);
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> e.setValue(hideAll(e.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, hideAll(array.get(i)));
            }
        }
        return node;
    }

    private static final Pattern PHONE_IN_TEXT = Pattern.compile("(?<![\\w.-])\\+?\\d[\\d ().-]{5,20}\\d(?![\\w-])");
    private static final Pattern DATE_IN_TEXT = Pattern.compile("(?<![\\w-])(?:\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4})(?![\\w:-])");

    /**
     * Free text (a run log) for a caller who is not an admin: email addresses, phone numbers and
     * bare dates (not timestamps) in it are masked, since no field name says what they are.
     */
    public static String maskText(String text) {
        String masked = EMAIL.matcher(text).replaceAll(MASK);
        masked = DATE_IN_TEXT.matcher(masked).replaceAll(MASK);
        return PHONE_IN_TEXT.matcher(masked).replaceAll(m -> looksDialled(m.group().strip()) ? MASK
                : java.util.regex.Matcher.quoteReplacement(m.group()));
    }

    /** Email addresses and phone numbers anywhere in a text (dates, however they are written, stay). */
    private static JsonNode scrub(String text) {
        String masked = text.indexOf('@') >= 0 ? EMAIL.matcher(text).replaceAll(MASK) : text;
        masked = PHONE_IN_TEXT.matcher(masked).replaceAll(m -> looksDialled(m.group().strip())
                && !ISO_DATE.matcher(m.group()).matches() ? MASK : java.util.regex.Matcher.quoteReplacement(m.group()));
        return TextNode.valueOf(masked);
    }

    /** A phone as people write it: international (+), trunk prefix (0), or grouped with separators. */
    private static boolean looksDialled(String text) {
        long digits = text.chars().filter(Character::isDigit).count();
        return digits >= 7 && digits <= 15
                && (text.startsWith("+") || text.startsWith("0") || text.matches(".*[ ().-].*"));
    }

    private static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
