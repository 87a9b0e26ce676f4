package com.slaledger.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The machine's TCP sockets to or from one port, as Linux lists them in {@code /proc/net/tcp}: when
 * an HTTP request waits for its answer, whether its connection exists, in which state, and which
 * side holds bytes the other has not read ({@code tx:rx}, the send and receive queues).
 */
public final class TcpSockets {

    private static final Map<String, String> STATES = Map.ofEntries(
            Map.entry("01", "ESTABLISHED"),
            Map.entry("02", "SYN_SENT"),
            Map.entry("03", "SYN_RECV"),
            Map.entry("04", "FIN_WAIT1"),
            Map.entry("05", "FIN_WAIT2"),
            Map.entry("06", "TIME_WAIT"),
            Map.entry("07", "CLOSE"),
            Map.entry("08", "CLOSE_WAIT"),
            Map.entry("09", "LAST_ACK"),
            Map.entry("0A", "LISTEN"),
            Map.entry("0B", "CLOSING"));

    private TcpSockets() {}

    /** One line per socket whose local or remote port is {@code port}: local, remote, state, queues. */
    public static String of(int port) {
        StringBuilder sockets = new StringBuilder();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException | RuntimeException unreadable) {
                sockets.append(table).append(": not read (").append(unreadable).append(")\n");
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 5) {
                    continue;
                }
                int local = portOf(fields[1]);
                int remote = portOf(fields[2]);
                if (local == port || remote == port) {
                    sockets.append(
                                    local == port
                                            ? "server :" + local + " <- :" + remote
                                            : "client :" + local + " -> :" + remote)
                            .append(' ')
                            .append(STATES.getOrDefault(fields[3], fields[3]))
                            .append(" tx:rx ")
                            .append(fields[4])
                            .append('\n');
                }
            }
        }
        return sockets.isEmpty() ? "no socket on port " + port + "\n" : sockets.toString();
    }

    private static int portOf(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? -1 : Integer.parseInt(address.substring(colon + 1), 16);
    }
}
