package com.slaledger.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode, from Apache Kafka's own jars, listening on
 * 127.0.0.1. Its storage is formatted once and kept between runs in the given folder.
 */
public final class LocalKafka implements AutoCloseable {

    private static final String CLUSTER_ID = "c2xhLWxlZGdlci1sb2NhbA";

    private final Properties config;
    private final String bootstrapServers;
    private KafkaRaftServer server;

    private LocalKafka(Properties config, String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    public static LocalKafka start(Path dataDirectory, int port) {
        return start(dataDirectory, port, port + 1);
    }

    /**
     * A broker on two ports the operating system hands out as free, for harnesses that share a
     * machine with other programs: a fixed port in the ephemeral range can be taken by any
     * outgoing connection.
     */
    public static LocalKafka startOnFreePorts(Path dataDirectory) {
        int[] ports = FreePorts.take(2);
        return start(dataDirectory, ports[0], ports[1]);
    }

    private static LocalKafka start(Path dataDirectory, int port, int controllerPort) {
        // Checked first: a broker whose controller listener cannot bind does not throw, it halts the
        // JVM from Kafka's fault handler, and with it everything run-local runs, without a word.
        requireFree(port, "Kafka's listener");
        requireFree(controllerPort, "Kafka's controller listener, the port after Kafka's");
        return start(dataDirectory, singleNode(port, controllerPort), "127.0.0.1:" + port);
    }

    /** The configuration of a single node that is broker and controller, PLAINTEXT on 127.0.0.1. */
    static Properties singleNode(int port, int controllerPort) {
        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.partitions", "4");
        config.put("auto.create.topics.enable", "false");
        return config;
    }

    /**
     * A broker with the given configuration (listeners included), its log in {@code dataDirectory};
     * clients reach it at {@code bootstrapServers}.
     */
    public static LocalKafka start(Path dataDirectory, Properties config, String bootstrapServers) {
        try {
            Files.createDirectories(dataDirectory);
            config.put("log.dirs", dataDirectory.toAbsolutePath().toString());
            formatOnce(dataDirectory, config);
            LocalKafka kafka = new LocalKafka(config, bootstrapServers);
            kafka.startServer();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka's data folder " + dataDirectory, e);
        }
    }

    private void startServer() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException failed) {
            // Its threads are not daemons: a broker that failed half-way keeps the JVM alive.
            close();
            throw failed;
        }
    }

    /**
     * Stops the broker, waits {@code down}, and starts it again on the same ports with the same log,
     * as an operator's broker restart does (the fault suite's R4).
     */
    public void restart(Duration down) throws InterruptedException {
        close();
        Thread.sleep(down.toMillis());
        startServer();
    }

    /**
     * Fails with {@link PortInUse} when another program listens on {@code port} of 127.0.0.1. A
     * probe, not a reservation: a program that takes the port between this check and the broker's
     * bind still fails the broker's start.
     */
    private static void requireFree(int port, String role) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException inUse) {
            throw new PortInUse("port " + port + " (" + role + ") is in use on 127.0.0.1: another ./run-local,"
                    + " or a Kafka of your own? Stop it, or move the broker with SLA_KAFKA_PORT (the"
                    + " controller takes the port after it)");
        }
    }

    /** A port the broker needs is taken: nothing was started. */
    public static final class PortInUse extends IllegalStateException {

        PortInUse(String message) {
            super(message);
        }
    }

    private static void formatOnce(Path dataDirectory, Properties config) throws IOException {
        if (Files.exists(dataDirectory.resolve("meta.properties"))) {
            return;
        }
        Path file = dataDirectory.resolveSibling("kafka-server.properties");
        try (var out = Files.newOutputStream(file)) {
            config.store(out, "written by ./run-local to format the storage once");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(
                new String[] {"format", "-t", CLUSTER_ID, "-c", file.toString(), "--ignore-formatted"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException(
                    "formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
