package org.eventbank.schemas.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every released version of every top-level message schema, looked up by the CRC-64-AVRO
 * fingerprint that single-object encoding puts in front of each record.
 *
 * <p>Each version is a self-contained {@code .avsc} file on the classpath under
 * {@code org/eventbank/schemas/catalog/<Name>/v<N>.avsc}. Releasing a new version means adding a
 * file and a line to {@link #RELEASED}; an old file is never edited, because data written with it
 * stays in the ledger forever. {@code SchemaCatalogTest} checks that the newest entry of each name
 * equals the schema the code is generated from, so a change to a current schema cannot ship
 * without a release.
 */
public final class SchemaCatalog {

    /** The released versions, oldest first per name. */
    static final List<String> RELEASED = List.of(
            "AccountOpened/v1",
            "Deposited/v1",
            "Withdrawn/v1",
            "AccountCommand/v1",
            "CommandResult/v1",
            "AccountBalance/v1",
            "AccountOpened/v2",
            "Deposited/v2",
            "Withdrawn/v2",
            "AccountClosed/v2",
            "AccountCommand/v2",
            "CommandResult/v2",
            "AccountBalance/v2",
            "TransferDebited/v3",
            "TransferCredited/v3",
            "TransferReversed/v3",
            "AccountCommand/v3",
            "CommandResult/v3",
            "TransferInstruction/v1");

    static {
        GeneratedClasses.trust();
    }

    private static final String NAMESPACE = "org.eventbank.schemas.avro.";
    private static final SchemaCatalog BUILT_IN = load(RELEASED);

    private final Map<Long, Schema> byFingerprint;
    private final Map<String, List<Schema>> versionsByFullName;
    private final Map<Long, Integer> versionByFingerprint;

    private SchemaCatalog(Map<Long, Schema> byFingerprint, Map<String, List<Schema>> versionsByFullName,
                          Map<Long, Integer> versionByFingerprint) {
        this.byFingerprint = byFingerprint;
        this.versionsByFullName = versionsByFullName;
        this.versionByFingerprint = versionByFingerprint;
    }

    /** The catalog shipped in this jar. */
    public static SchemaCatalog builtIn() {
        return BUILT_IN;
    }

    /** One released version of one record schema. */
    public record Release(Schema schema, int version) {
    }

    static SchemaCatalog load(List<String> entries) {
        return ofReleases(entries.stream()
                .map(entry -> new Release(parse(entry), Integer.parseInt(entry.substring(entry.indexOf("/v") + 2))))
                .toList());
    }

    /**
     * A catalog of these schemas, oldest first per name, numbered 1, 2, ... per name; for tests of evolution and
     * for other catalogs.
     */
    public static SchemaCatalog of(List<Schema> schemas) {
        Map<String, Integer> count = new LinkedHashMap<>();
        return ofReleases(schemas.stream()
                .map(schema -> new Release(schema, count.merge(schema.getFullName(), 1, Integer::sum)))
                .toList());
    }

    /**
     * A catalog of these schemas with their version numbers, oldest first per name. A record type that joins a
     * family later starts at the family's version then (AccountClosed may have a v2 and no v1).
     */
    public static SchemaCatalog ofReleases(List<Release> releases) {
        Map<Long, Schema> byFingerprint = new LinkedHashMap<>();
        Map<String, List<Schema>> versions = new LinkedHashMap<>();
        Map<Long, Integer> versionByFingerprint = new LinkedHashMap<>();
        Map<String, Integer> lastVersion = new LinkedHashMap<>();
        for (Release release : releases) {
            Schema schema = release.schema();
            int version = release.version();
            long fingerprint = fingerprint(schema);
            Schema clash = byFingerprint.putIfAbsent(fingerprint, schema);
            if (clash != null) {
                throw new IllegalStateException("a version of " + schema.getFullName() + " has the same fingerprint as an"
                        + " earlier version of " + clash.getFullName() + ": it is not a new version");
            }
            Integer previous = lastVersion.put(schema.getFullName(), version);
            if (version < 1 || previous != null && version <= previous) {
                throw new IllegalStateException(schema.getFullName() + " v" + version + " is listed after v" + previous
                        + ": versions are listed oldest first, each higher than the last");
            }
            versions.computeIfAbsent(schema.getFullName(), name -> new ArrayList<>()).add(schema);
            versionByFingerprint.put(fingerprint, version);
        }
        versions.replaceAll((name, list) -> List.copyOf(list));
        return new SchemaCatalog(Collections.unmodifiableMap(byFingerprint), Collections.unmodifiableMap(versions),
                Collections.unmodifiableMap(versionByFingerprint));
    }

    /** The writer schema with this fingerprint, if it was ever released. */
    public Optional<Schema> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** The version number of the schema with this fingerprint (1 for {@code Name/v1.avsc}), if it was ever released. */
    public Optional<Integer> versionOf(long fingerprint) {
        return Optional.ofNullable(versionByFingerprint.get(fingerprint));
    }

    /** Version {@code version} of the record with this full name, if it was released. */
    public Optional<Schema> version(String fullName, int version) {
        return versionsOf(fullName).stream().filter(schema -> versionByFingerprint.get(fingerprint(schema)) == version)
                .findFirst();
    }

    /** The newest released version number of the record with this full name; 0 if it was never released. */
    public int newestVersion(String fullName) {
        List<Schema> versions = versionsOf(fullName);
        return versions.isEmpty() ? 0 : versionByFingerprint.get(fingerprint(versions.get(versions.size() - 1)));
    }

    /** Every released version of the record with this full name, oldest first; empty if unknown. */
    public List<Schema> versionsOf(String fullName) {
        return versionsByFullName.getOrDefault(fullName, List.of());
    }

    /** Full names of every record in the catalog. */
    public List<String> fullNames() {
        return List.copyOf(versionsByFullName.keySet());
    }

    /** The fingerprint single-object encoding writes: CRC-64-AVRO of the parsing canonical form. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static Schema parse(String entry) {
        String resource = entry + ".avsc";
        try (InputStream in = SchemaCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("catalog entry " + entry + " is listed but "
                        + SchemaCatalog.class.getPackageName().replace('.', '/') + "/" + resource + " is missing");
            }
            Schema schema = new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String expectedName = NAMESPACE + entry.substring(0, entry.indexOf('/'));
            if (!schema.getFullName().equals(expectedName)) {
                throw new IllegalStateException("catalog entry " + entry + " holds " + schema.getFullName());
            }
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog entry " + entry, e);
        }
    }
}
