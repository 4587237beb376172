package org.eventbank.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.LocalKafkaCredentials;
import org.eventbank.platform.launch.LaunchOptions;
import org.eventbank.platform.launch.PidFile;
import org.eventbank.platform.launch.Progress;
import org.eventbank.platform.tail.EventTail;
import org.eventbank.platform.token.TokenCommand;
import org.eventbank.platform.walkthrough.Walkthrough;

/**
 * The {@code main} of {@code infra/platform/target/bank-platform.jar}, run by the {@code ./bank} script.
 *
 * <ul>
 *   <li>{@code up [--kafka-port N] [--account-port N] [--ledger-port N] [--data-dir DIR]}: starts the whole bank
 *       in this JVM ({@link Platform}: a real KRaft broker, the topics, account-service, ledger-projector), prints
 *       where everything is and the first commands (a token, a curl), and runs until Ctrl-C or {@code ./bank down} (SIGTERM),
 *       which stop the services and then the broker. Settings: {@link LaunchOptions}.
 *   <li>{@code tail [--from-end] [--until-end]}: prints the ledger topic, see {@link EventTail}.
 *   <li>{@code token [--subject S] [--scope "..."] [--ttl D] [--data-dir DIR]}: prints an access token for the local
 *       bank, signed with the key {@code up} made in the data folder, see {@link TokenCommand}.
 * </ul>
 * Topics: creates or verifies all four bank topics; the services read and write them.
 */
public final class BankLauncher {

    static final String USAGE = """
            usage: java -jar bank-platform.jar <command> [options]   (or ./bank <command>)
              up      start Kafka, the topics, account-service and ledger-projector; Ctrl-C stops them
              tail    print every event of bank.account-events, one line each (--from-end, --until-end)
              token   print a signed access token for the local bank (--subject, --scope, --ttl, --data-dir)
            (./bank bench runs the benchmark tool's own jar, infra/bench/target/bank-bench.jar)""";

    private BankLauncher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.out.println(USAGE);
            return;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "up" -> System.exit(up(rest));
            case "tail" -> EventTail.main(rest.toArray(String[]::new));
            case "token" -> TokenCommand.main(rest.toArray(String[]::new));
            default -> {
                System.err.println("unknown command '" + args[0] + "'");
                System.err.println(USAGE);
                System.exit(2);
            }
        }
    }

    /** Runs the bank until the JVM is asked to stop; returns an exit code only if it could not start. */
    static int up(List<String> args) {
        PrintStream out = System.out;
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, Env.system());
            Files.createDirectories(options.dataDir());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("bank: " + e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            return 2;
        }
        // Before the first logger exists: the broker and services log to <data dir>/bank.log, the console shows progress.
        System.setProperty("bank.log.file", options.logFile().toString());
        System.setProperty("logback.configurationFile", "logback-up.xml");

        Progress progress = new Progress(out);
        progress.step("data folder " + options.dataDir() + "; logs go to " + options.logFile());
        PidFile pidFile;
        try {
            pidFile = PidFile.create(options.pidFile());
        } catch (IllegalStateException e) {
            System.err.println("bank: " + e.getMessage());
            return 1;
        }
        AtomicReference<Platform> running = new AtomicReference<>();
        AtomicBoolean startFailed = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before anything starts, so Ctrl-C at any moment stops what is up (services, then Kafka).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Platform platform = running.get();
            try {
                if (platform == null && !startFailed.get()) {
                    progress.step("interrupted while starting; Kafka recovers its log on the next start");
                } else if (platform != null) {
                    progress.step("stopping: services first, then Kafka");
                    platform.close();
                    progress.step("stopped; the data stays in " + options.dataDir() + " for the next ./bank up");
                }
            } catch (RuntimeException e) {
                System.err.println("bank: " + e.getMessage());
            } finally {
                pidFile.close();
                stopped.countDown();
            }
        }, "bank-shutdown"));
        Platform platform;
        try {
            platform = Platform.start(options, System.getenv(), progress);
            running.set(platform);
        } catch (RuntimeException e) {
            startFailed.set(true);
            System.err.println();
            System.err.println("bank: could not start: " + e.getMessage());
            System.err.println("      (details in " + options.logFile() + ")");
            return 1;
        }
        printReady(out, platform, progress);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static void printReady(PrintStream out, Platform platform, Progress progress) {
        if (!platform.runsServices()) {
            String tokens = "BANK_AUTH_DEV=true BANK_DATA_DIR=" + platform.dataDir();
            String accountKafka = platform.bootstrapServers() + principal(platform, LocalKafkaCredentials.ACCOUNT_SERVICE);
            String ledgerKafka = platform.bootstrapServers() + principal(platform, LocalKafkaCredentials.LEDGER_PROJECTOR);
            out.printf("""

                    Kafka is ready at %s with the bank's topics (%.1f s); no service runs in this JVM.
                    Start each service from its own jar, for example:
                      BANK_BOOTSTRAP_SERVERS=%s %s java -jar account-service/target/account-service.jar
                      BANK_BOOTSTRAP_SERVERS=%s %s java -jar ledger-projector/target/ledger-projector.jar
                    (BANK_AUTH_DEV=true and this data folder: they accept the tokens of ./bank token; for another
                    identity provider set BANK_JWKS_URI, BANK_TOKEN_ISSUER and BANK_TOKEN_AUDIENCE instead.)
                    Ctrl-C (or ./bank down in another shell) stops Kafka; ./bank up again keeps the data.
                    %n""", platform.bootstrapServers(), progress.elapsedSeconds(), accountKafka, tokens, ledgerKafka, tokens);
            return;
        }
        String account = "localhost:" + platform.accountPort();
        String ledger = "localhost:" + platform.ledgerPort();
        out.printf("""

                The bank is ready (%.1f s).
                  account-service   http://%s    POST /accounts, /accounts/{id}/deposits, /accounts/{id}/withdrawals
                  ledger-projector  http://%s    GET /accounts/{id}/balance, /accounts/{id}/events, /totals
                  Kafka             %s         ./bank tail prints every event%s
                  OpenAPI           http://%s/openapi.json and http://%s/openapi.json
                  Access tokens     ./bank token (every request but /health needs one)

                Try it (the README walks on from here):
                %s
                Ctrl-C (or ./bank down in another shell) stops everything; ./bank up again keeps the data.
                %n""", progress.elapsedSeconds(), account, ledger, platform.bootstrapServers(),
                platform.credentials().isEmpty() ? "" : "\n                    locked: SASL/SCRAM, each principal only its ACLs;"
                        + " passwords in " + LocalKafkaCredentials.file(platform.dataDir()),
                account, ledger, firstSteps(account, ledger));
        out.flush();
    }

    /**
     * On a locked bank, the settings that make a service started by hand connect as {@code user}, its password read
     * from the data folder by the shell rather than printed; nothing on an unlocked one.
     */
    static String principal(Platform platform, String user) {
        return platform.credentials().isEmpty() ? "" : " BANK_KAFKA_SECURITY_PROTOCOL=" + KafkaConnection.SASL_PLAINTEXT
                + " BANK_KAFKA_USERNAME=" + user + " BANK_KAFKA_PASSWORD=$(grep '^" + user + "=' "
                + LocalKafkaCredentials.file(platform.dataDir()) + " | cut -d= -f2-)";
    }

    /** The walkthrough's steps up to its first request (getting a token, then using it), one command a line. */
    static String firstSteps(String account, String ledger) {
        StringBuilder lines = new StringBuilder();
        for (Walkthrough.Step step : Walkthrough.load().steps()) {
            lines.append("  ").append(Walkthrough.curl(step, account, ledger)).append('\n');
            if (step.target() == Walkthrough.Target.ACCOUNT || step.target() == Walkthrough.Target.LEDGER) {
                break;
            }
        }
        return lines.toString();
    }
}
