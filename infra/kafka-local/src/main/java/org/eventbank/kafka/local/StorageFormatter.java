package org.eventbank.kafka.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.PropertiesUtils;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Formats a KRaft log directory the way {@code kafka-storage.sh format} does, but only once: a
 * directory that already has {@code meta.properties} keeps its cluster id and data.
 */
final class StorageFormatter {

  private StorageFormatter() {}

  /**
   * Formats {@code logDir} if it is not formatted yet, with these SCRAM principals ({@code --add-scram}), and returns
   * its cluster id.
   */
  static String formatIfNeeded(KafkaConfig config, Path logDir, List<String> scramArguments) {
    Path metaProperties = logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
    try {
      if (Files.exists(metaProperties)) {
        return readClusterId(metaProperties);
      }
      String clusterId = Uuid.randomUuid().toString();
      // Mirrors kafka.tools.StorageTool#runFormatCommand for a node with a static voter set.
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(config.nodeId())
          .setClusterId(clusterId)
          .setControllerListenerName(config.controllerListenerNames().get(0))
          .setMetadataLogDirectory(config.metadataLogDir())
          .setHasDynamicQuorum(false)
          .setScramArguments(scramArguments)
          .addDirectory(logDir.toAbsolutePath().toString())
          .run();
      return clusterId;
    } catch (Exception e) {
      throw new BrokerStartException("Cannot format Kafka storage in " + logDir, e);
    }
  }

  private static String readClusterId(Path metaProperties) throws IOException {
    Properties props = PropertiesUtils.readPropertiesFile(metaProperties.toString());
    String clusterId = props.getProperty("cluster.id");
    if (clusterId == null) {
      throw new IOException(metaProperties + " has no cluster.id");
    }
    return clusterId;
  }
}
