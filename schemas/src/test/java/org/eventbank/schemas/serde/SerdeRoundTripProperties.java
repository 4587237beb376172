package org.eventbank.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.Deposit;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Withdrawn;

/** Round trips over random values, extremes included: Long.MAX amounts, owners of 1 and 200 characters in any Unicode. */
class SerdeRoundTripProperties {

    private final BankSerdes serdes = BankSerdes.singleObject();

    @Property(tries = 300)
    void shouldRoundTripAccountOpenedForAnyOwner(@ForAll("owners") String owner, @ForAll("instants") Instant at, @ForAll("ids") String accountId) {
        var event = new AccountOpened("e", accountId, 1L, at, "c", owner, "EUR");

        assertThat(roundTripEvent(event)).isEqualTo(event);
    }

    @Property(tries = 300)
    void shouldRoundTripMoneyEventsForAnyAmounts(@ForAll("longs") long amount, @ForAll("longs") long balance,
                                                 @ForAll("longs") long version, @ForAll("instants") Instant at) {
        var deposited = new Deposited("e", "a", version, at, "c", amount, "JPY", balance);
        var withdrawn = new Withdrawn("e", "a", version, at, "c", amount, "JPY", balance);

        assertThat(roundTripEvent(deposited)).isEqualTo(deposited);
        assertThat(roundTripEvent(withdrawn)).isEqualTo(withdrawn);
    }

    @Property(tries = 200)
    void shouldRoundTripCommandsAndBalances(@ForAll("longs") long amount, @ForAll("owners") String key, @ForAll("instants") Instant at) {
        var command = new AccountCommand("c", "a", key, "hash", "reply", amount, at, new Deposit(amount, null));
        var balance = new AccountBalance("a", amount, "USD", Math.abs(amount % 1000), at);

        assertThat(serdes.command().deserializer().deserialize("t", serdes.command().serializer().serialize("t", command))).isEqualTo(command);
        assertThat(serdes.balance().deserializer().deserialize("t", serdes.balance().serializer().serialize("t", balance))).isEqualTo(balance);
    }

    @Provide
    Arbitrary<String> owners() {
        // Any code point of any plane, but no lone surrogates: those are not text, cannot be UTF-8
        // encoded, and the HTTP edge refuses them before they reach a record.
        Arbitrary<Integer> codePoint = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
        Arbitrary<Integer> tricky = Arbitraries.of("😀𝄞中文ÄŒ\u200b\u0000".codePoints().boxed().toList());
        return Arbitraries.oneOf(codePoints(codePoint), codePoints(tricky), Arbitraries.of("x", "y".repeat(200), "😀".repeat(200)));
    }

    private static Arbitrary<String> codePoints(Arbitrary<Integer> codePoint) {
        return codePoint.list().ofMinSize(1).ofMaxSize(200)
                .map(points -> points.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("._-").ofMinLength(1).ofMaxLength(64);
    }

    @Provide
    Arbitrary<Long> longs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, 1L, 1_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(-62_135_596_800_000L, 253_402_300_799_999L), Arbitraries.just(0))
                .as((millis, ignored) -> Instant.ofEpochMilli(millis));
    }

    private Object roundTripEvent(org.apache.avro.specific.SpecificRecord event) {
        return serdes.event().deserializer().deserialize("t", serdes.event().serializer().serialize("t", event));
    }
}
