package org.eventbank.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.LocalKafkaCredentials;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * The benchmark's settings, parsed once from command-line flags ({@code --name value} or
 * {@code --name=value}).
 *
 * @param mode                  {@code --mode http|core}, default {@code http}: through the REST endpoint, or
 *                              commands produced straight to the commands topic and results read back
 * @param accounts              {@code --accounts}, default 10000: accounts opened before the mix starts
 * @param clients               {@code --clients}, default 16: concurrent clients; in {@code http} mode the bound on
 *                              asynchronous requests in flight, each on its own keep-alive connection, in
 *                              {@code core} mode the bound on commands in flight. A closed loop cannot exceed
 *                              {@code clients / latency} commands/s (Little's law), so throughput runs need more
 *                              clients than the latency-at-load runs
 * @param durationSeconds       {@code --duration}, default 60: length of the measured phase, after the warm-up;
 *                              ignored when {@code --commands} is given
 * @param commands              {@code --commands}, default 0 (use the duration): money commands in the measured phase
 * @param warmupSeconds         {@code --warmup}, default 10: load before measuring, not counted (a fresh broker
 *                              and JIT run slower for the first seconds)
 * @param ratePerSecond         {@code --rate}, default 0 = open throttle: a fixed rate of commands per second; latency
 *                              is then measured from each command's scheduled time, so a stall is not hidden
 *                              (no coordinated omission)
 * @param bootstrapServers      {@code --bootstrap-servers}, default {@code localhost:9092}
 * @param accountUrl            {@code --account-url}, default {@code http://localhost:8080}: the account-service
 * @param ledgerUrl             {@code --ledger-url}, default {@code http://localhost:8081}: the ledger-projector
 * @param topicPrefix           {@code --topic-prefix}, default {@code bank.}
 * @param out                   {@code --out}, default {@code bench-result.json}: the JSON report
 * @param visibilitySampleEvery {@code --visibility-sample-every}, default 100: measure end-to-end visibility for
 *                              every K-th accepted command of the measured phase ({@code GET
 *                              /accounts/{id}/balance?minVersion=N} on the projector); 0 turns it off (for a
 *                              {@code core} run with the projector stopped)
 * @param seed                  {@code --seed}, default 42: seed of the workload's generators
 * @param reportEverySeconds    {@code --report-every}, default 5: a progress line per window of this length
 * @param rawAppendSeconds      {@code --raw-append-seconds}, default 5: length of the broker's raw append probe;
 *                              0 skips it
 * @param requestTimeoutMs      {@code --request-timeout-ms}, default 15000: how long one command may take before it
 *                              counts as an error with unknown outcome
 * @param amountMinorMax        {@code --amount-max}, default 10000: largest amount of one deposit or withdrawal
 * @param idempotencyKeys       {@code --idempotency-keys true|false}, default false: send a new Idempotency-Key with
 *                              every command (as a client protecting every request would), and count the entries of
 *                              the processor's idempotency store before the run, after it, and after
 *                              {@code --idempotency-settle-seconds}
 * @param accountApplicationId  {@code --account-application-id}, default {@code bank-account-service}: the
 *                              account-service's {@code BANK_APPLICATION_ID}, which names the store's changelog
 * @param idempotencySettleSeconds {@code --idempotency-settle-seconds}, default 0: with keys, wait this long after the
 *                              run and count the store again (set it past the retention plus deadline and skew to see
 *                              the purge empty it)
 * @param dataDir               {@code --data-dir}, else {@code BANK_DATA_DIR} (which {@code ./bank} sets), default
 *                              {@code ./data}: the data folder of the {@code ./bank up} under load, whose signing key
 *                              mints the bench's bearer token ({@link BenchToken}) for its HTTP requests, and, if it
 *                              was made by {@code ./bank up --locked}, whose admin the bench's Kafka clients connect as
 *                              ({@link #connection()})
 * @param transferPercent       {@code --mix transfers=N%}, default {@code transfers=0%} (no transfers: the mix of before):
 *                              N% of the measured and warm-up commands are transfers ({@code POST /transfers} in
 *                              {@code http} mode, a Transfer command in {@code core} mode, which needs commands at
 *                              contract v3) between two distinct random accounts of the run, of the same amounts as
 *                              the other commands; the report counts them apart, and the self-check adds conservation
 *                              of money and one settlement per transfer. N is a whole number from 0 to 100 followed by
 *                              {@code %}; needs {@code --accounts} of at least 2
 */
public record BenchOptions(
        BenchMode mode,
        int accounts,
        int clients,
        int durationSeconds,
        long commands,
        int warmupSeconds,
        double ratePerSecond,
        String bootstrapServers,
        URI accountUrl,
        URI ledgerUrl,
        String topicPrefix,
        Path out,
        int visibilitySampleEvery,
        long seed,
        int reportEverySeconds,
        int rawAppendSeconds,
        long requestTimeoutMs,
        long amountMinorMax,
        boolean idempotencyKeys,
        String accountApplicationId,
        int idempotencySettleSeconds,
        Path dataDir,
        int transferPercent) {

    /** The bench's command-line help. */
    public static final String USAGE = String.join("\n",
            "Usage: bank bench [flags]",
            "  --mode http|core             http: through the REST endpoint; core: straight to the commands topic (http)",
            "  --accounts N                 accounts opened first (10000)",
            "  --clients C                  concurrent clients / commands in flight (16)",
            "  --duration S                 measured seconds after the warm-up (60)",
            "  --commands N                 measured commands instead of a duration (off)",
            "  --warmup S                   unmeasured seconds of load first (10)",
            "  --rate R                     fixed rate, commands/s; 0 = open throttle (0)",
            "  --bootstrap-servers HOSTS    Kafka (localhost:9092)",
            "  --account-url URL            account-service (http://localhost:8080)",
            "  --ledger-url URL             ledger-projector (http://localhost:8081)",
            "  --topic-prefix P             topic name prefix (bank.)",
            "  --out FILE                   JSON report (bench-result.json)",
            "  --visibility-sample-every K  probe end-to-end visibility every K-th accepted command; 0 = off (100)",
            "  --seed N                     workload seed (42)",
            "  --report-every S             seconds per progress line (5)",
            "  --raw-append-seconds S       broker raw append probe; 0 = skip (5)",
            "  --request-timeout-ms MS      a command slower than this counts as unknown outcome (15000)",
            "  --amount-max N               largest amount in minor units (10000)",
            "  --mix transfers=N%           N% of the commands are transfers between two random accounts, N 0-100 (transfers=0%)",
            "  --idempotency-keys B         true: a new Idempotency-Key per command, and count the idempotency store (false)",
            "  --account-application-id A   the account-service's BANK_APPLICATION_ID (bank-account-service)",
            "  --idempotency-settle-seconds S  with keys: count the store again S s after the run (0)",
            "  --data-dir DIR               the data folder of ./bank up: its signing key mints the bench's token",
            "                               (bank:teller bank:auditor) for every HTTP request ($BANK_DATA_DIR, else ./data);",
            "                               on a bank started --locked, the bench's Kafka clients connect as its admin");

    public BenchOptions {
        require(accounts >= 1, "--accounts must be at least 1");
        require(clients >= 1 && clients <= 100_000, "--clients must be 1-100000");
        require(durationSeconds >= 1 || commands >= 1, "--duration or --commands must be positive");
        require(commands >= 0, "--commands must not be negative");
        require(warmupSeconds >= 0, "--warmup must not be negative");
        require(ratePerSecond >= 0, "--rate must not be negative");
        require(visibilitySampleEvery >= 0, "--visibility-sample-every must not be negative");
        require(reportEverySeconds >= 1, "--report-every must be at least 1");
        require(rawAppendSeconds >= 0, "--raw-append-seconds must not be negative");
        require(requestTimeoutMs >= 1, "--request-timeout-ms must be positive");
        require(amountMinorMax >= 1 && amountMinorMax <= 1_000_000_000_000L, "--amount-max must be 1 to 10^12");
        require(TopicSettings.isValidPrefix(topicPrefix), "--topic-prefix must be " + TopicSettings.PREFIX_FORM);
        require(accountApplicationId != null && accountApplicationId.matches("[A-Za-z0-9._-]+"),
                "--account-application-id must be letters, digits, '.', '_' or '-'");
        require(idempotencySettleSeconds >= 0, "--idempotency-settle-seconds must not be negative");
        require(transferPercent >= 0 && transferPercent <= 100, "--mix transfers=N% needs N from 0 to 100");
        require(transferPercent == 0 || accounts >= 2, "--mix with transfers needs --accounts of at least 2");
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** How every Kafka client of the bench connects: as the data folder's admin on a locked bank, else PLAINTEXT. */
    public KafkaConnection connection() {
        return LocalKafkaCredentials.toolConnection(bootstrapServers, dataDir);
    }

    public static BenchOptions defaults() {
        return parse(List.of());
    }

    public static BenchOptions parse(String... args) {
        return parse(List.of(args));
    }

    /** The flags, with the process environment for what they leave out ({@code BANK_DATA_DIR}). */
    public static BenchOptions parse(List<String> args) {
        return parse(args, System.getenv());
    }

    /** @throws IllegalArgumentException naming the flag, for an unknown flag, a missing value or a bad value */
    public static BenchOptions parse(List<String> args, Map<String, String> environment) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + USAGE);
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
                }
                value = args.get(++i);
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + "\n" + USAGE);
            }
            flags.put(name, value);
        }
        boolean commandsGiven = flags.containsKey("commands");
        return new BenchOptions(
                BenchMode.parse(flags.getOrDefault("mode", "http")),
                (int) number(flags, "accounts", 10_000),
                (int) number(flags, "clients", 16),
                commandsGiven ? 0 : (int) number(flags, "duration", 60),
                number(flags, "commands", 0),
                (int) number(flags, "warmup", 10),
                decimal(flags, "rate", 0),
                flags.getOrDefault("bootstrap-servers", "localhost:9092"),
                url(flags, "account-url", "http://localhost:8080"),
                url(flags, "ledger-url", "http://localhost:8081"),
                flags.getOrDefault("topic-prefix", "bank."),
                Path.of(flags.getOrDefault("out", "bench-result.json")),
                (int) number(flags, "visibility-sample-every", 100),
                number(flags, "seed", 42),
                (int) number(flags, "report-every", 5),
                (int) number(flags, "raw-append-seconds", 5),
                number(flags, "request-timeout-ms", 15_000),
                number(flags, "amount-max", 10_000),
                bool(flags, "idempotency-keys", false),
                flags.getOrDefault("account-application-id", "bank-account-service"),
                (int) number(flags, "idempotency-settle-seconds", 0),
                Path.of(flags.getOrDefault("data-dir", Env.of(environment).text("BANK_DATA_DIR", "./data"))),
                transferPercent(flags.get("mix")));
    }

    /** The one mix the bench knows, {@code transfers=N%}, read strictly: no spaces, no sign, no fraction, the % required. */
    static int transferPercent(String mix) {
        if (mix == null) {
            return 0;
        }
        Matcher matcher = MIX.matcher(mix);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--mix must be transfers=N% with N a whole number from 0 to 100, not '"
                    + mix + "'");
        }
        int percent = Integer.parseInt(matcher.group(1));
        if (percent > 100) {
            throw new IllegalArgumentException("--mix transfers=N% needs N from 0 to 100, not " + percent);
        }
        return percent;
    }

    private static final Pattern MIX = Pattern.compile("transfers=([0-9]{1,3})%");

    private static final List<String> KNOWN = List.of("mode", "accounts", "clients", "duration", "commands", "warmup",
            "rate", "bootstrap-servers", "account-url", "ledger-url", "topic-prefix", "out", "visibility-sample-every",
            "seed", "report-every", "raw-append-seconds", "request-timeout-ms", "amount-max", "idempotency-keys",
            "account-application-id", "idempotency-settle-seconds", "data-dir", "mix");

    /** Whether the measured phase is a command count rather than a duration. */
    public boolean countsCommands() {
        return commands > 0;
    }

    public boolean fixedRate() {
        return ratePerSecond > 0;
    }

    /** Whether the run sends HTTP requests to the services (commands, visibility probes), and so needs a token. */
    public boolean callsServicesOverHttp() {
        return mode == BenchMode.HTTP || visibilitySampleEvery > 0;
    }

    public BenchOptions withOut(Path file) {
        return new BenchOptions(mode, accounts, clients, durationSeconds, commands, warmupSeconds, ratePerSecond,
                bootstrapServers, accountUrl, ledgerUrl, topicPrefix, file, visibilitySampleEvery, seed,
                reportEverySeconds, rawAppendSeconds, requestTimeoutMs, amountMinorMax, idempotencyKeys, accountApplicationId,
                idempotencySettleSeconds, dataDir, transferPercent);
    }

    /** Whether the mix has transfers. */
    public boolean transfers() {
        return transferPercent > 0;
    }

    private static long number(Map<String, String> flags, String name, long defaultValue) {
        String value = flags.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'", e);
        }
    }

    private static boolean bool(Map<String, String> flags, String name, boolean defaultValue) {
        String value = flags.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + name + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static double decimal(Map<String, String> flags, String name, double defaultValue) {
        String value = flags.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not '" + value + "'", e);
        }
    }

    private static URI url(Map<String, String> flags, String name, String defaultValue) {
        String value = flags.getOrDefault(name, defaultValue).trim();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        URI uri = URI.create(value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("--" + name + " must be an http(s) URL, not '" + value + "'");
        }
        return uri;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
