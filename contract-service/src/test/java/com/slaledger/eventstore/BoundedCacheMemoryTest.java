package com.slaledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract cache against the heap it lives in (ADR 0033), each case in a JVM of its own with a
 * 64 MB heap and the serial collector, as contract-service runs: contracts the heap has room for
 * stay cached through full collections, and more contracts than the heap holds are given up, the
 * least recently used first, instead of failing the service with {@link OutOfMemoryError}.
 */
class BoundedCacheMemoryTest {

    /** 200 MB of contracts in a 64 MB heap cannot all stay: the cache gives some up and the JVM goes on. */
    @Test
    void contractsLargerThanTheHeapAreGivenUpNotFailedFor() throws Exception {
        String out = fork("200", "1048576");

        assertThat(out).as("the forked JVM's report").contains("put 200");
        int held = held(out);
        assertThat(held).as("contracts still cached").isLessThan(200);
        assertThat(out).as("the most recently used is still there").contains("last held true");
    }

    /** A few megabytes of contracts stay through full collections, unlike the weak cache of ADR 0009. */
    @Test
    void contractsTheHeapHasRoomForStayCachedThroughFullCollections() throws Exception {
        String out = fork("10", "1048576");

        assertThat(held(out))
                .as("contracts still cached after three full collections")
                .isEqualTo(10);
    }

    /**
     * Puts {@code args[0]} values of {@code args[1]} bytes each under keys {@code c0, c1, ...} into a
     * cache of 5,000 contracts, runs three full collections, and reports how many it still holds.
     */
    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        int bytes = Integer.parseInt(args[1]);
        BoundedCache cache = new BoundedCache(5_000);
        for (int i = 0; i < count; i++) {
            cache.put("c" + i, new byte[bytes]);
        }
        System.out.println("put " + count);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        int held = 0;
        for (int i = 0; i < count; i++) {
            if (cache.get("c" + i) != null) {
                held++;
            }
        }
        System.out.println("held " + held);
        System.out.println("last held " + (cache.get("c" + (count - 1)) != null));
    }

    private static int held(String out) {
        return out.lines()
                .filter(line -> line.startsWith("held "))
                .mapToInt(line -> Integer.parseInt(line.substring(5)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no count of held contracts in: " + out));
    }

    private static String fork(String count, String bytes) throws IOException, InterruptedException {
        Process java = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BoundedCacheMemoryTest.class.getName(),
                        count,
                        bytes))
                .redirectErrorStream(true)
                .start();
        assertThat(java.waitFor(60, TimeUnit.SECONDS))
                .as("the forked JVM ended")
                .isTrue();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.exitValue())
                .as("exit of the forked JVM, which printed: %s", out)
                .isZero();
        return out;
    }
}
