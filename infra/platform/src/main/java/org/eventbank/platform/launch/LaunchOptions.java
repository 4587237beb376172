package org.eventbank.platform.launch;

import java.nio.file.Path;
import java.util.List;
import org.eventbank.config.Env;

/**
 * Where {@code ./bank up} runs the bank: flags first, then environment variables, then defaults.
 *
 * @param kafkaPort   {@code --kafka-port} or {@code BANK_KAFKA_PORT}, default 9092 (Kafka's usual port): the broker's
 *                    client port on localhost; 0 picks a free port
 * @param accountPort {@code --account-port} or {@code BANK_ACCOUNT_PORT}, default 8080: account-service's HTTP port
 * @param ledgerPort  {@code --ledger-port} or {@code BANK_LEDGER_PORT}, default 8081: ledger-projector's HTTP port
 * @param dataDir     {@code --data-dir} or {@code BANK_DATA_DIR}, default {@code ./data}: the broker's log
 *                    ({@code kafka/}), the services' Streams state, the log file {@code bank.log} and the pid
 *                    file {@code bank.pid}. Kept across restarts: that is where the ledger lives
 * @param kafkaOnly   {@code --kafka-only}, default off: start the broker and create the topics, but not the
 *                    services, to run each service in its own JVM from its own jar (as in production, and for
 *                    per-service memory figures or benchmarks with the projector stopped)
 * @param locked      {@code --locked}, default off: a new data folder's broker authenticates every client (SASL/SCRAM)
 *                    and grants each only its ACLs, as the compose stacks do (docs/security.md); the principals'
 *                    passwords go into {@code kafka-credentials.properties} in the data folder. A folder made locked
 *                    stays locked without the flag; one made without it cannot be locked later (use a new folder).
 *                    Without it the broker takes anyone, PLAINTEXT, on localhost only
 */
public record LaunchOptions(int kafkaPort, int accountPort, int ledgerPort, Path dataDir, boolean kafkaOnly, boolean locked) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_ACCOUNT_PORT = 8080;
    public static final int DEFAULT_LEDGER_PORT = 8081;
    public static final String DEFAULT_DATA_DIR = "./data";

    public static final String USAGE = """
            usage: bank up [--kafka-port N] [--account-port N] [--ledger-port N] [--data-dir DIR] [--kafka-only] [--locked]
              --kafka-port     Kafka broker port          (env BANK_KAFKA_PORT, default 9092)
              --account-port   account-service HTTP port  (env BANK_ACCOUNT_PORT, default 8080)
              --ledger-port    ledger-projector HTTP port (env BANK_LEDGER_PORT, default 8081)
              --data-dir       broker data, Streams state, bank.log, bank.pid (env BANK_DATA_DIR, default ./data)
              --kafka-only     start Kafka and create the topics, but not the services (run their jars yourself)
              --locked         a new data folder's Kafka authenticates every client and grants each only its ACLs
                               (passwords in DIR/kafka-credentials.properties); default: PLAINTEXT on localhost only
              Other BANK_* variables (e.g. BANK_TOPIC_PREFIX, BANK_PARTITIONS) are read into both services' settings.""";

    public LaunchOptions {
        checkPort("kafka port", kafkaPort);
        checkPort("account-service port", accountPort);
        checkPort("ledger-projector port", ledgerPort);
        if (accountPort != 0 && (accountPort == ledgerPort || accountPort == kafkaPort) || ledgerPort != 0 && ledgerPort == kafkaPort) {
            throw new IllegalArgumentException("the Kafka, account-service and ledger-projector ports must differ: "
                    + kafkaPort + ", " + accountPort + ", " + ledgerPort);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Everything: the broker and both services, unlocked unless the data folder was made locked. */
    public LaunchOptions(int kafkaPort, int accountPort, int ledgerPort, Path dataDir) {
        this(kafkaPort, accountPort, ledgerPort, dataDir, false, false);
    }

    /** As {@code --kafka-only} says, unlocked unless the data folder was made locked. */
    public LaunchOptions(int kafkaPort, int accountPort, int ledgerPort, Path dataDir, boolean kafkaOnly) {
        this(kafkaPort, accountPort, ledgerPort, dataDir, kafkaOnly, false);
    }

    public static LaunchOptions parse(List<String> args, Env env) {
        int kafkaPort = env.integer("BANK_KAFKA_PORT", DEFAULT_KAFKA_PORT, 0, 65_535);
        int accountPort = env.integer("BANK_ACCOUNT_PORT", DEFAULT_ACCOUNT_PORT, 0, 65_535);
        int ledgerPort = env.integer("BANK_LEDGER_PORT", DEFAULT_LEDGER_PORT, 0, 65_535);
        String dataDir = env.text("BANK_DATA_DIR", DEFAULT_DATA_DIR);
        boolean kafkaOnly = false;
        boolean locked = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--kafka-port" -> kafkaPort = number(flag, valueAfter(args, ++i, flag));
                case "--account-port" -> accountPort = number(flag, valueAfter(args, ++i, flag));
                case "--ledger-port" -> ledgerPort = number(flag, valueAfter(args, ++i, flag));
                case "--data-dir" -> dataDir = valueAfter(args, ++i, flag);
                case "--kafka-only" -> kafkaOnly = true;
                case "--locked" -> locked = true;
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        return new LaunchOptions(kafkaPort, accountPort, ledgerPort, Path.of(dataDir), kafkaOnly, locked);
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path accountStateDir() {
        return dataDir.resolve("account-service");
    }

    public Path ledgerStateDir() {
        return dataDir.resolve("ledger-projector");
    }

    public Path logFile() {
        return dataDir.resolve("bank.log");
    }

    public Path pidFile() {
        return dataDir.resolve("bank.pid");
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'", e);
        }
    }

    private static String valueAfter(List<String> args, int index, String flag) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(index);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 1-65535 (0 for any free port), not " + port);
        }
    }
}
