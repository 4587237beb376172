package org.eventbank.kafka.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who may connect to a {@link KafkaBroker} and what they may do: SASL/SCRAM-SHA-512 on the client listener and Kafka's
 * {@code StandardAuthorizer} (KRaft's ACLs, nothing allowed without an ACL), with one admin principal that is a super
 * user. The principals and their passwords are written into the metadata when the broker's storage is formatted, as
 * {@code kafka-storage.sh format --add-scram} does, so a broker starts with them already known.
 *
 * <p>The KRaft controller listener authenticates too, with SASL/PLAIN as the admin: SCRAM cannot authenticate
 * controller connections (its credentials live in the metadata the controller serves), PLAIN's live in the listener's
 * own JAAS line. So no listener takes anyone anonymously, and nobody without the admin password reaches the
 * controller (which a client can address directly with {@code bootstrap.controllers}).
 *
 * @param adminUser the super user: the broker's own inter-broker connections and the topic bootstrap
 * @param passwords every principal's password, the admin's included, by user name
 */
public record BrokerSecurity(String adminUser, Map<String, String> passwords) {

  public static final String MECHANISM = "SCRAM-SHA-512";
  /** Names and passwords are written into the format's SCRAM arguments and JAAS lines as they are: no quoting needed. */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String CLIENT_LISTENER = "SASL_PLAINTEXT";
  /** The controller listener's mechanism: its credentials in the listener's JAAS line, not in the metadata. */
  private static final String CONTROLLER_MECHANISM = "PLAIN";

  public BrokerSecurity {
    Objects.requireNonNull(adminUser, "adminUser");
    passwords = Map.copyOf(Objects.requireNonNull(passwords, "passwords"));
    if (!passwords.containsKey(adminUser)) {
      throw new IllegalArgumentException("the admin user " + adminUser + " has no password");
    }
    passwords.forEach((user, password) -> {
      requireSafe("user name", user);
      requireSafe("password of " + user, password);
    });
  }

  /** Only the admin, a super user. */
  public static BrokerSecurity admin(String user, String password) {
    return new BrokerSecurity(user, Map.of(user, password));
  }

  /** These principals with one more, which may do only what ACLs grant it. */
  public BrokerSecurity withUser(String user, String password) {
    Map<String, String> more = new LinkedHashMap<>(passwords);
    more.put(user, password);
    return new BrokerSecurity(adminUser, more);
  }

  /** Client settings (security protocol, mechanism, JAAS line) for {@code user} with its own password. */
  public Map<String, Object> clientConfig(String user) {
    String password = passwords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no principal " + user + " on this broker; known: " + passwords.keySet());
    }
    return clientConfig(user, password);
  }

  /** Client settings for any name and password, known to the broker or not (to see a refusal). */
  public static Map<String, Object> clientConfig(String user, String password) {
    requireSafe("user name", user);
    requireSafe("password of " + user, password);
    return Map.of("security.protocol", CLIENT_LISTENER, "sasl.mechanism", MECHANISM, "sasl.jaas.config", jaas(user, password));
  }

  /** The admin's client settings. */
  public Map<String, Object> adminClientConfig() {
    return clientConfig(adminUser);
  }

  /** The {@code --add-scram} arguments of the storage format: every principal with its password. */
  List<String> scramArguments() {
    List<String> arguments = new ArrayList<>();
    passwords.forEach((user, password) -> arguments.add(MECHANISM + "=[name=" + user + ",password=" + password + "]"));
    return arguments;
  }

  /** The broker settings: the client listener's protocol and mechanism, the admin as inter-broker principal, the ACLs. */
  Map<String, String> brokerProperties(String host, int port, int controllerPort, String controllerListener) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("listeners", CLIENT_LISTENER + "://" + host + ":" + port + "," + controllerListener + "://" + host + ":" + controllerPort);
    props.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
    props.put("listener.security.protocol.map", CLIENT_LISTENER + ":" + CLIENT_LISTENER + "," + controllerListener + ":" + CLIENT_LISTENER);
    props.put("inter.broker.listener.name", CLIENT_LISTENER);
    props.put("sasl.enabled.mechanisms", MECHANISM);
    props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    props.put("listener.name." + CLIENT_LISTENER.toLowerCase() + "." + MECHANISM.toLowerCase() + ".sasl.jaas.config",
        jaas(adminUser, passwords.get(adminUser)));
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    props.put("allow.everyone.if.no.acl.found", "false");
    // the controller listener: SASL/PLAIN, whose one user (the admin) is in its JAAS line; the broker's own controller
    // connections log in with the same line's username and password
    String controller = "listener.name." + controllerListener.toLowerCase() + ".";
    props.put(controller + "sasl.enabled.mechanisms", CONTROLLER_MECHANISM);
    props.put("sasl.mechanism.controller.protocol", CONTROLLER_MECHANISM);
    String adminPassword = passwords.get(adminUser);
    props.put(controller + CONTROLLER_MECHANISM.toLowerCase() + ".sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + adminUser + "\" password=\""
            + adminPassword + "\" user_" + adminUser + "=\"" + adminPassword + "\";");
    props.put("super.users", "User:" + adminUser);
    return props;
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
        + password + "\";";
  }

  private static void requireSafe(String what, String value) {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be 1-64 letters, digits, '.', '_' or '-'");
    }
  }
}
