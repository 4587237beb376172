package org.eventbank.schemas.serde;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.eventbank.schemas.catalog.Family;

/**
 * Which schema version each record family's writers emit: readers first, writers by switch. A
 * family without a pin writes the newest version the catalog holds. A pinned writer writes the
 * older version's bytes exactly (fields projected by name, never by position), and refuses a record
 * that version cannot carry instead of dropping what it cannot say.
 */
public final class WriterVersions {

    private static final WriterVersions NEWEST = new WriterVersions(Map.of());

    private final Map<Family, Integer> pins;

    private WriterVersions(Map<Family, Integer> pins) {
        this.pins = pins.isEmpty() ? Map.of() : new EnumMap<>(pins);
    }

    /** Every family writes the newest version the catalog holds. */
    public static WriterVersions newest() {
        return NEWEST;
    }

    /** These families write these versions; the others the newest. */
    public static WriterVersions pinned(Map<Family, Integer> pins) {
        pins.forEach((family, version) -> {
            if (version < 1) {
                throw new IllegalArgumentException(family.versionSetting() + " must be at least 1, not " + version);
            }
        });
        return new WriterVersions(pins);
    }

    /** The pinned version of this family, if one is pinned. */
    public Optional<Integer> pin(Family family) {
        return Optional.ofNullable(pins.get(family));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WriterVersions versions && versions.pins.equals(pins);
    }

    @Override
    public int hashCode() {
        return pins.hashCode();
    }

    @Override
    public String toString() {
        return pins.isEmpty() ? "newest" : pins.toString();
    }
}
