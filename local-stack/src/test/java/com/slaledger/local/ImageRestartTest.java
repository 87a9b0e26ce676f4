package com.slaledger.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ADR 0036 as far as a machine without a Docker engine can check it: the JVM options the image
 * gives its service end the process when a thread's heap runs out, and compose starts both services
 * again when their process ends.
 */
class ImageRestartTest {

    private static final Pattern TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");

    @Test
    void theImagesJvmOptionsEndTheProcessWhenAThreadRunsOutOfHeap() throws Exception {
        Matcher options = TOOL_OPTIONS.matcher(Files.readString(ComposeFile.ROOT.resolve("Dockerfile")));
        assertThat(options.find()).as("JAVA_TOOL_OPTIONS in the Dockerfile").isTrue();

        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx32m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        HeapRunsOut.class.getName()))
                .redirectErrorStream(true);
        builder.environment().put("JAVA_TOOL_OPTIONS", options.group(1));
        Process process = builder.start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(ended).as("the process ended; its output: %s", output).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(3);
        assertThat(output).contains("Terminating due to java.lang.OutOfMemoryError");
    }

    @Test
    void composeStartsBothServicesAgainWhenTheirProcessEnds() {
        ComposeFile compose = ComposeFile.read();
        for (String service : List.of("contract-service", "projection-service", "postgres", "kafka")) {
            assertThat(compose.service(service).get("restart")).as(service).isEqualTo("unless-stopped");
        }
    }

    /** A service whose listener thread runs out of heap while its main thread goes on. */
    static final class HeapRunsOut {

        public static void main(String[] arguments) throws InterruptedException {
            Thread listener = new Thread(() -> {
                List<long[]> held = new ArrayList<>();
                while (true) {
                    held.add(new long[1 << 16]);
                }
            });
            listener.start();
            listener.join();
            // Without the option the heap is free again once the thread has died, and the
            // service would run on, doing nothing: this wait, which nothing ends, stands for that.
            new java.util.concurrent.CountDownLatch(1).await(5, TimeUnit.MINUTES);
        }
    }
}
