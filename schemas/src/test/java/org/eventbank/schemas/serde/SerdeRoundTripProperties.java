package org.eventbank.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountStatus;
import org.eventbank.schemas.avro.ActingAs;
import org.eventbank.schemas.avro.Initiator;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.Deposit;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Withdrawn;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Round trips over random values, extremes included: Long.MIN/MAX amounts, owners of 1 and 200
 * code points in any Unicode (supplementary planes included), instants from year 1 to 9999. Run
 * with QuickTheories: on failure it prints the shrunk values (owners as code points) and the
 * seed (rerun with {@code -DQT_SEED=<seed>}).
 */
class SerdeRoundTripProperties {

    /** Each example encodes and decodes two to four records; 1000 of each property take well under a second. */
    private static final int EXAMPLES = 1000;
    private static final int OWNER_CODE_POINTS_MAX = 200;
    private static final int SURROGATES = Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1;
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z. */
    private static final long MILLIS_MIN = -62_135_596_800_000L;
    private static final long MILLIS_MAX = 253_402_300_799_999L;

    /** Fixed owners always worth a try: the shortest, the longest in one and in two UTF-16 units per code point. */
    static final List<String> EDGE_OWNERS = List.of(
            "x", "😀", "y".repeat(200), "😀".repeat(100), "😀".repeat(200));
    static final List<Long> EDGE_LONGS = List.of(0L, 1L, -1L, 1_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE);
    static final List<Long> EDGE_MILLIS = List.of(0L, -1L, 1L, MILLIS_MIN, MILLIS_MAX);

    private final BankSerdes serdes = BankSerdes.singleObject();

    @Test
    void shouldRoundTripAccountOpenedForAnyOwner() {
        qt().withExamples(EXAMPLES).forAll(owners(), instants(), ids()).checkAssert((owner, at, accountId) -> {
            var event = new AccountOpened("e", accountId, 1L, at, "c", owner, "EUR", new Initiator(owner, owner), owner);

            assertThat(roundTripEvent(event)).isEqualTo(event);
        });
    }

    @Test
    void shouldRoundTripMoneyEventsForAnyAmounts() {
        qt().withExamples(EXAMPLES).forAll(anyLongs(), anyLongs(), anyLongs(), instants()).checkAssert((amount, balance, version, at) -> {
            var deposited = new Deposited("e", "a", version, at, "c", amount, "JPY", balance, new Initiator("teller-7", null), null);
            var withdrawn = new Withdrawn("e", "a", version, at, "c", amount, "JPY", balance, new Initiator("teller-7", null), null);

            assertThat(roundTripEvent(deposited)).isEqualTo(deposited);
            assertThat(roundTripEvent(withdrawn)).isEqualTo(withdrawn);
        });
    }

    @Test
    void shouldRoundTripCommandsAndBalances() {
        qt().withExamples(EXAMPLES).forAll(anyLongs(), owners(), instants()).checkAssert((amount, key, at) -> {
            var command = new AccountCommand("c", "a", key, "hash", "reply", amount, at, new Deposit(amount, null),
                    new Initiator(key, null), ActingAs.TELLER, at, key);
            var balance = new AccountBalance("a", amount, "USD", Math.abs(amount % 1000), at, amount % 2 == 0 ? AccountStatus.OPEN : AccountStatus.CLOSED);

            assertThat(serdes.command().deserializer().deserialize("t", serdes.command().serializer().serialize("t", command))).isEqualTo(command);
            assertThat(serdes.balance().deserializer().deserialize("t", serdes.balance().serializer().serialize("t", balance))).isEqualTo(balance);
        });
    }

    /** Every edge owner with every edge instant and edge long, not left to chance. */
    @Test
    void shouldRoundTripEveryCombinationOfEdges() {
        for (String owner : EDGE_OWNERS) {
            for (long millis : EDGE_MILLIS) {
                Instant at = Instant.ofEpochMilli(millis);
                var opened = new AccountOpened("e", "a", 1L, at, "c", owner, "EUR", new Initiator(owner, null), null);
                assertThat(roundTripEvent(opened)).isEqualTo(opened);
                for (long value : EDGE_LONGS) {
                    var deposited = new Deposited("e", "a", value, at, "c", value, "JPY", value, null, owner);
                    var command = new AccountCommand("c", "a", owner, "hash", "reply", value, at, new Deposit(value, null), null, null, at, owner);
                    assertThat(roundTripEvent(deposited)).isEqualTo(deposited);
                    assertThat(serdes.command().deserializer().deserialize("t", serdes.command().serializer().serialize("t", command)))
                            .isEqualTo(command);
                }
            }
        }
    }

    /**
     * Owners of 1..200 code points, in equal parts: any Unicode scalar value of any plane (all of
     * 0..U+10FFFF except the surrogates, so supplementary code points become surrogate pairs), only
     * the tricky ones below, or one of {@link #EDGE_OWNERS}. No lone surrogates: those are not
     * text, cannot be UTF-8 encoded, and the HTTP edge refuses them before they reach a record.
     */
    static Gen<String> owners() {
        Gen<Integer> tricky = arbitrary().pick("😀𝄞中文ÄŒ\u200b\u0000".codePoints().boxed().toList());
        return Generate.frequency(
                        Pair.of(1, codePoints(scalarValues())),
                        Pair.of(1, codePoints(tricky)),
                        Pair.of(1, arbitrary().pick(EDGE_OWNERS)))
                .describedAs(SerdeRoundTripProperties::describe);
    }

    /**
     * Any code point but a surrogate: 0..U+10FFFF less the 2048 surrogates, mapped over the gap (so
     * no value is thrown away and shrinking stays smooth), shrinking towards 'a'; one time in ten
     * one of the code points at the edges of the range, of the surrogate gap and of the BMP.
     */
    static Gen<Integer> scalarValues() {
        Gen<Integer> any = Generate.range(0, Character.MAX_CODE_POINT - SURROGATES, 'a')
                .map(cp -> cp < Character.MIN_SURROGATE ? cp : cp + SURROGATES);
        Gen<Integer> edges = arbitrary().pick(0, Character.MIN_SURROGATE - 1, Character.MAX_SURROGATE + 1, 0xFFFF,
                Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT);
        // edges.mix(any, 90): any nine times in ten, and shrinking heads for any (so towards 'a')
        return edges.mix(any, 90);
    }

    /** Strings of 1..200 of these code points; one time in five exactly 1 or exactly 200 of them. */
    private static Gen<String> codePoints(Gen<Integer> codePoint) {
        Gen<Integer> sizes = Generate.range(1, OWNER_CODE_POINTS_MAX).mix(arbitrary().pick(1, OWNER_CODE_POINTS_MAX), 20);
        return lists().of(codePoint).ofSizes(sizes)
                .map(points -> points.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }

    /** A string as its code points, so invisible and unassigned ones show in a counterexample. */
    static String describe(String s) {
        return s.codePointCount(0, s.length()) + " code points, " + s.length() + " chars: "
                + s.codePoints().mapToObj(cp -> String.format("U+%04X", cp)).collect(Collectors.joining(" ", "[", "]"));
    }

    /** 1..64 characters of [a-z0-9._-], with the lengths 1 and 64 one time in five. */
    static Gen<String> ids() {
        List<Character> alphabet = "abcdefghijklmnopqrstuvwxyz0123456789._-".chars().mapToObj(c -> (char) c).toList();
        Gen<Character> character = arbitrary().pick(alphabet);
        return Generate.frequency(
                        Pair.of(8, lists().of(character).ofSizeBetween(1, 64)),
                        Pair.of(1, lists().of(character).ofSize(1)),
                        Pair.of(1, lists().of(character).ofSize(64)))
                .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /** Any long half of the time, else one of {@link #EDGE_LONGS}. */
    static Gen<Long> anyLongs() {
        return longs().all().mix(arbitrary().pick(EDGE_LONGS));
    }

    /** Millisecond instants from year 1 to 9999 (what timestamp-millis carries), edges one time in five. */
    static Gen<Instant> instants() {
        return longs().between(MILLIS_MIN, MILLIS_MAX).mix(arbitrary().pick(EDGE_MILLIS), 20).map(Instant::ofEpochMilli);
    }

    private Object roundTripEvent(SpecificRecord event) {
        return serdes.event().deserializer().deserialize("t", serdes.event().serializer().serialize("t", event));
    }
}
