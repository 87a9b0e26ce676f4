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
     * threads are not daemons and kept the JVM alive after main had thrown.
     */
    @Test
    void aBrokerThatCannotBindFailsAndLeavesNoThreadBehind(@TempDir Path data) throws Exception {
        List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalKafka.start(data, taken.getLocalPort()))
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
