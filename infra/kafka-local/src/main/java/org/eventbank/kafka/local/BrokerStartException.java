package org.eventbank.kafka.local;

/**
 * Thrown by {@link KafkaBroker#start(BrokerSettings)} when the broker cannot be started or does not
 * become ready, e.g. because one of its ports is already in use (the message names the port).
 */
public class BrokerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BrokerStartException(String message) {
    super(message);
  }

  public BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
