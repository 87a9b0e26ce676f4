package com.slaledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

    /**
     * CI once waited 90 minutes on a fault run whose broker found its port taken: the failed broker's
     * threads are not daemons and kept the JVM alive after main had thrown. The broker is started
     * past the ports' check, as when another program takes the port between the check and the bind.
     */
    @Test
    void aBrokerThatCannotBindFailsAndLeavesNoThreadBehind(@TempDir Path data) throws Exception {
        List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
        int controllerPort = FreePorts.take(1)[0];
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalKafka.start(
                            data,
                            LocalKafka.singleNode(taken.getLocalPort(), controllerPort),
                            "127.0.0.1:" + taken.getLocalPort()))
                    .hasStackTraceContaining("Address already in use");
        }
        // Polled on this thread: Awaitility's own poller would be a new thread itself.
        await().pollInSameThread()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                                .filter(Thread::isAlive)
                                .filter(thread -> !thread.isDaemon())
                                .filter(thread -> !before.contains(thread))
                                .map(Thread::getName))
                        .isEmpty());
    }

    /**
     * A taken controller port (the one after the broker's) made Kafka's fault handler halt the
     * whole JVM, run-local's services and database with it, before run-local could say why. The
     * start now refuses before the broker runs, naming the port; reaching the assertions at all
     * shows the JVM was not halted.
     */
    @Test
    void aTakenBrokerPortIsNamedBeforeTheBrokerStarts(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalKafka.start(data, taken.getLocalPort()))
                    .isInstanceOf(LocalKafka.PortInUse.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " (Kafka's listener)");
        }
    }

    @Test
    void aTakenControllerPortIsNamedBeforeTheBrokerStarts(@TempDir Path data) throws Exception {
        List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
        for (int attempt = 0; ; attempt++) {
            try (ServerSocket controller = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int brokerPort = controller.getLocalPort() - 1;
                if (!bindable(brokerPort) && attempt < 20) {
                    continue;
                }
                assertThatThrownBy(() -> LocalKafka.start(data, brokerPort))
                        .isInstanceOf(LocalKafka.PortInUse.class)
                        .hasMessageContaining("port " + controller.getLocalPort() + " (Kafka's controller listener");
                break;
            }
        }
        assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(Thread::isAlive)
                        .filter(thread -> !thread.isDaemon())
                        .filter(thread -> !before.contains(thread))
                        .map(Thread::getName))
                .as("no broker thread was started")
                .isEmpty();
    }

    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException taken) {
            return false;
        }
    }

    @Test
    void freePortsAreDistinctAndBindable() throws Exception {
        int[] ports = FreePorts.take(3);
        assertThat(ports).doesNotHaveDuplicates();
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
