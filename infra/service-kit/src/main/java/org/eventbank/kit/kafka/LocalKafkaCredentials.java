package org.eventbank.kit.kafka;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eventbank.kit.auth.SecretFiles;

/**
 * The Kafka principals of a locked local bank ({@code ./bank up --locked}): the admin (the topic bootstrap, the ACLs,
 * {@code ./bank tail} and {@code ./bank bench}), account-service and ledger-projector, each with a random password, kept owner-only in
 * {@code <data dir>/kafka-credentials.properties}. They are written into the broker's metadata when its storage is
 * formatted, so the file and the broker's folder belong together: a data folder made locked stays locked, and one made
 * without cannot be locked later (its metadata holds no principals).
 *
 * @param passwords each principal's password, by user name: {@link #USERS}, nothing else
 */
public record LocalKafkaCredentials(Map<String, String> passwords) {

    public static final String ADMIN = "bank-admin";
    public static final String ACCOUNT_SERVICE = "account-service";
    public static final String LEDGER_PROJECTOR = "ledger-projector";
    public static final List<String> USERS = List.of(ADMIN, ACCOUNT_SERVICE, LEDGER_PROJECTOR);
    static final String FILE_NAME = "kafka-credentials.properties";
    /** 24 random bytes: 192 bits, written as 32 URL-safe Base64 characters (no quoting needed in a JAAS line). */
    private static final int PASSWORD_BYTES = 24;

    public LocalKafkaCredentials {
        passwords = Map.copyOf(passwords);
        if (!passwords.keySet().equals(Set.copyOf(USERS))) {
            throw new IllegalArgumentException("the local bank's Kafka principals are " + USERS + ", not " + passwords.keySet());
        }
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** The data folder's principals, if it was made locked. */
    public static Optional<LocalKafkaCredentials> read(Path dataDir) {
        Path file = file(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : USERS) {
            String password = properties.getProperty(user);
            if (password == null || password.isBlank()) {
                throw new IllegalStateException(file + " has no password for " + user + ": it is not as ./bank up --locked"
                        + " wrote it; restore it, or start from a new data folder");
            }
            passwords.put(user, password.trim());
        }
        return Optional.of(new LocalKafkaCredentials(passwords));
    }

    /** New random passwords for every principal, written owner-only into the data folder. */
    public static LocalKafkaCredentials create(Path dataDir) {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : USERS) {
            byte[] bytes = new byte[PASSWORD_BYTES];
            random.nextBytes(bytes);
            passwords.put(user, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        Properties properties = new Properties();
        properties.putAll(passwords);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "The Kafka principals of this locked local bank (./bank up --locked): user = password."
                    + " Written into the broker's metadata when kafka/ was formatted; keep the two together.");
            Files.createDirectories(dataDir);
            SecretFiles.writeOwnerOnly(file(dataDir), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(dataDir), e);
        }
        return new LocalKafkaCredentials(passwords);
    }

    /** How {@code user} connects to the local broker: SASL/SCRAM-SHA-512 with its password. */
    public KafkaConnection connection(String bootstrapServers, String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no principal " + user + "; the local bank's are " + USERS);
        }
        return KafkaConnection.scram(bootstrapServers, user, password);
    }

    /**
     * How a command-line tool of the bank ({@code ./bank bench}) reaches the broker of a data folder: as its admin if
     * the folder was made locked, else PLAINTEXT, as nobody.
     */
    public static KafkaConnection toolConnection(String bootstrapServers, Path dataDir) {
        return read(dataDir).map(credentials -> credentials.connection(bootstrapServers, ADMIN))
                .orElseGet(() -> KafkaConnection.plaintext(bootstrapServers));
    }

    /** Never the passwords. */
    @Override
    public String toString() {
        return "LocalKafkaCredentials" + USERS;
    }
}
