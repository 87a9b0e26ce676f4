package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.testsupport.TcpSockets;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sockets the stream tests print when a request hangs: a connection whose bytes wait unread shows them. */
class TcpSocketsTest {

    @Test
    void aConnectionWhoseRequestTheServerHasNotReadShowsItsBytesWaiting() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            out.write(new byte[100]);
            out.flush();
            int port = server.getLocalPort();

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(TcpSockets.of(port))
                            .contains("LISTEN")
                            .contains("client :" + client.getLocalPort() + " -> :" + port + " ESTABLISHED")
                            .contains("server :" + port + " <- :" + client.getLocalPort()
                                    + " ESTABLISHED tx:rx 00000000:00000064"));
        }
    }
}
