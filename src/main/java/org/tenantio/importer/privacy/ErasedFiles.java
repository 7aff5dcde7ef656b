package org.tenantio.importer.privacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.crypto.PersonalData;

/**
 * The files the service itself keeps that may hold an erased person, besides the archived inputs:
 * the export files kept for redelivery and the rejected inbox files kept for an operator.
 * <p>
 * An export file does not record which records it holds, so every kept export of the erased
 * person's entity type is deleted and detached from its run (a redelivery is then refused;
 * running the export again writes a file without them). A rejected file was never parsed, so it
 * is searched as text (an xlsx through its XML parts) for the person's identifiers, the same
 * values the erasure finds their quarantined rows by, and deleted where one occurs.
 */
@Component
class ErasedFiles {

    private static final Logger log = LoggerFactory.getLogger(ErasedFiles.class);
    /** Shorter values (a two-digit id) would match unrelated files. */
    private static final int MIN_IDENTIFIER = 5;
    /** What a phone's cell may carry between its digits. */
    private static final java.util.regex.Pattern PHONE_PUNCTUATION = java.util.regex.Pattern.compile("[\\s()\\-.]");

    private final JdbcTemplate jdbc;
    private final Path exports;
    private final Path rejected;

    ErasedFiles(JdbcTemplate jdbc, @Value("${importer.export.files}") Path exports,
                @Value("${importer.rejected}") Path rejected) {
        this.jdbc = jdbc;
        this.exports = exports.toAbsolutePath().normalize();
        this.rejected = rejected.toAbsolutePath().normalize();
    }

    /** In the erasure's transaction: the kept export files of the entity type, no longer referenced by their runs. */
    List<Path> detachExports(UUID tenant, String entityType) {
        List<String> refs = jdbc.queryForList("""
                WITH kept AS (
                    SELECT r.id, r.output_ref FROM runs r JOIN pipelines p ON p.id = r.pipeline_id AND p.tenant_id = r.tenant_id
                     WHERE r.tenant_id = ? AND p.direction = 'export' AND p.target_type = ? AND r.output_ref IS NOT NULL
                       FOR UPDATE OF r)
                UPDATE runs r SET output_ref = NULL FROM kept WHERE r.id = kept.id AND r.tenant_id = ?
                RETURNING kept.output_ref""", String.class, tenant, entityType, tenant);
        List<Path> files = new ArrayList<>();
        for (String ref : refs) {
            Path file = exports.resolve(ref).normalize();
            if (file.startsWith(exports)) {
                files.add(file);
            }
        }
        return files;
    }

    /** After the commit: files that may hold the person (detached exports, archived inputs) deleted. */
    int deleteAll(List<Path> files) {
        int deleted = 0;
        for (Path file : files) {
            if (delete(file)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Rejected files of the tenant's inbox that contain one of the identifiers (lower case), deleted. */
    int deleteRejected(String tenantCode, Set<String> identifying) {
        List<String> needles = identifying.stream().map(v -> v.toLowerCase(Locale.ROOT))
                .filter(v -> v.length() >= MIN_IDENTIFIER).toList();
        // A phone is known in the form it was loaded in (+447911123457); a file may write it 07911 123457.
        List<String> phoneDigits = identifying.stream().map(PersonalData::phoneDigits).filter(java.util.Objects::nonNull)
                .distinct().toList();
        Path folder = rejected.resolve(tenantCode).normalize();
        if (needles.isEmpty() || !folder.startsWith(rejected) || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int deleted = 0;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))::iterator) {
                if (holdsAny(file, needles, phoneDigits) && delete(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The rejected files could not be searched", e);
        }
        return deleted;
    }

    private static boolean holdsAny(Path file, List<String> needles, List<String> phones) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx")) {
                return textHoldsAny(in, needles, phones);
            }
            ZipInputStream zip = new ZipInputStream(in);
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().endsWith(".xml") && textHoldsAny(zip, needles, phones)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Line by line, so a large file is never held whole; the stream is left open for the zip's next part. */
    private static boolean textHoldsAny(InputStream in, List<String> needles, List<String> phones) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String lower = line.toLowerCase(Locale.ROOT);
            for (String needle : needles) {
                if (lower.contains(needle)) {
                    return true;
                }
            }
            if (!phones.isEmpty()) {
                // Spaces, dashes and brackets of a phone's cell go; a match across two numeric cells only deletes more.
                String digits = PHONE_PUNCTUATION.matcher(line).replaceAll("");
                for (String phone : phones) {
                    if (digits.contains(phone)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            // Names the kind of file only: the path carries the tenant and run.
            log.error("A file kept by the service that may hold an erased person could not be deleted: {}",
                    e.getClass().getSimpleName());
            throw new UncheckedIOException("A kept file could not be deleted", e);
        }
    }
}
