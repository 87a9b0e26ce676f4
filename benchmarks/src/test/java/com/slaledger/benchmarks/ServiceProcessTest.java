package com.slaledger.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The warm-ups' measure of the JIT compilers: their threads' CPU, read from {@code /proc}. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "reads /proc; the benchmarks run on Linux")
class ServiceProcessTest {

    @Test
    void countsTheCompilerThreadsOfAProcessAndNoOthers() throws Exception {
        long pid = ProcessHandle.current().pid();
        // Half a second of this thread's own work, which the compilers' figure must not include,
        // and enough calls for the JIT to compile the loop.
        long until = System.nanoTime() + 500_000_000L;
        long sum = 0;
        while (System.nanoTime() < until) {
            sum += Long.toString(sum).hashCode();
        }
        double compilers = ServiceProcess.compilerCpuSeconds(pid);
        String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] stat = line.substring(line.lastIndexOf(')') + 2).split(" ");
        double process = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;

        assertThat(sum).isNotZero();
        assertThat(compilers).isPositive();
        assertThat(compilers).isLessThan(process - 0.3);
    }

    @Test
    void eachServiceStartsFromTheJarItsOwnVariableNames(@TempDir Path folder) throws Exception {
        Path contract = Files.createFile(folder.resolve("contract-service-exec.jar"));
        Path projection = Files.createFile(folder.resolve("projection-service-exec.jar"));
        Map<String, String> environment =
                Map.of("BENCH_CONTRACT_JAR", contract.toString(), "BENCH_PROJECTION_JAR", projection.toString());

        assertThat(ServiceProcess.Service.CONTRACT.jar(environment)).isEqualTo(contract);
        assertThat(ServiceProcess.Service.PROJECTION.jar(environment)).isEqualTo(projection);
    }

    @Test
    void eachServiceRunsItsOwnCollectorUnlessItsOwnVariableNamesAnother() {
        Map<String, String> environment = Map.of("BENCH_CONTRACT_GC", " -XX:+UseShenandoahGC  -XX:ConcGCThreads=1 ");

        assertThat(ServiceProcess.Service.CONTRACT.collector(environment))
                .containsExactly("-XX:+UseShenandoahGC", "-XX:ConcGCThreads=1");
        assertThat(ServiceProcess.Service.PROJECTION.collector(environment)).containsExactly("-XX:+UseParallelGC");
        assertThat(ServiceProcess.Service.CONTRACT.collector(Map.of("BENCH_CONTRACT_GC", " ")))
                .containsExactly("-XX:+UseSerialGC");
        assertThat(ServiceProcess.Service.PROJECTION.collector(Map.of("BENCH_PROJECTION_GC", "-XX:+UseSerialGC")))
                .containsExactly("-XX:+UseSerialGC");
        assertThat(ServiceProcess.describeCollectors(environment))
                .isEqualTo("collectors: contract-service -XX:+UseShenandoahGC -XX:ConcGCThreads=1,"
                        + " projection-service -XX:+UseParallelGC");
        assertThat(ServiceProcess.describeCollectors(Map.of()))
                .isEqualTo("collectors: contract-service -XX:+UseSerialGC, projection-service -XX:+UseParallelGC");
    }

    @Test
    void theCollectorOptionsComeAfterTheDefaultHeapSoThatAnXmxAmongThemWins(@TempDir Path logs) {
        Map<String, String> environment = Map.of("BENCH_PROJECTION_GC", "-XX:+UseSerialGC -Xmx2g", "BENCH_JFR", "1");

        List<String> command = ServiceProcess.command(
                "projection-service",
                ServiceProcess.Service.PROJECTION,
                logs.resolve("projection-service.jar"),
                8081,
                logs,
                List.of("--sla.jwt.secret=x"),
                environment,
                List.of());

        int jar = command.indexOf("-jar");
        assertThat(command.indexOf("-Xmx512m")).isPositive().isLessThan(command.indexOf("-Xmx2g"));
        assertThat(command.indexOf("-Xmx2g")).isLessThan(jar);
        assertThat(command.indexOf("-XX:+UseSerialGC")).isLessThan(jar);
        assertThat(command.indexOf("-XX:+ExitOnOutOfMemoryError"))
                .as("as the images")
                .isPositive()
                .isLessThan(jar);
        assertThat(command.get(1)).startsWith("-XX:StartFlightRecording=");
        assertThat(command.subList(jar, command.size()))
                .startsWith("-jar", logs.resolve("projection-service.jar").toString())
                .contains("--server.port=8081")
                .endsWith("--sla.jwt.secret=x");
        assertThat(ServiceProcess.command(
                        "projection-service",
                        ServiceProcess.Service.PROJECTION,
                        logs.resolve("projection-service.jar"),
                        8081,
                        logs,
                        List.of(),
                        Map.of(),
                        List.of()))
                .contains("-XX:+UseParallelGC")
                .noneMatch(option -> option.startsWith("-XX:StartFlightRecording"));
    }

    /** The fault suite's R13 starts contract-service on a smaller heap than the collector's variable names. */
    @Test
    void jvmOptionsComeAfterTheCollectorsSoThatTheirXmxWins(@TempDir Path logs) {
        List<String> command = ServiceProcess.command(
                "contract-service",
                ServiceProcess.Service.CONTRACT,
                logs.resolve("contract-service.jar"),
                8080,
                logs,
                List.of(),
                Map.of("BENCH_CONTRACT_GC", "-XX:+UseSerialGC -Xmx1g"),
                List.of("-Xmx256m"));

        assertThat(command.indexOf("-Xmx1g")).isPositive().isLessThan(command.indexOf("-Xmx256m"));
        assertThat(command.indexOf("-Xmx256m")).isLessThan(command.indexOf("-jar"));
    }

    @Test
    void aRunWithoutTheServicesJarsStopsAndSaysWhy(@TempDir Path folder) {
        Map<String, String> missing =
                Map.of("BENCH_CONTRACT_JAR", folder.resolve("absent.jar").toString());

        assertThatThrownBy(() -> ServiceProcess.Service.CONTRACT.jar(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BENCH_CONTRACT_JAR")
                .hasMessageContaining("benchmarks/run");
        assertThatThrownBy(() -> ServiceProcess.Service.PROJECTION.jar(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BENCH_PROJECTION_JAR");
    }

    /**
     * The fault suite's graceful stop (R11): what a process logs at ERROR after the signal counts,
     * what it logged before does not; one that ignores SIGTERM is killed at the limit and is not clean.
     */
    @Test
    void aStopWithSigtermReportsTheErrorsLoggedAfterTheSignalAndKillsAProcessThatIgnoresIt(@TempDir Path folder)
            throws Exception {
        Path log = folder.resolve("erring.log");
        Process erring = shell(
                log,
                "echo '2026-12-02T10:00:00Z ERROR 1 --- before the stop'; trap 'echo \"2026-12-02T10:00:01Z ERROR 1"
                        + " --- while stopping\"; exit 143' TERM; echo ready; while true; do sleep 0.05; done");
        ServiceProcess.Stopped erred = ServiceProcess.stop("erring", erring, log, Duration.ofSeconds(10));
        assertThat(erred.exited()).isTrue();
        assertThat(erred.exitCode()).isEqualTo(143);
        assertThat(erred.errors()).containsExactly("2026-12-02T10:00:01Z ERROR 1 --- while stopping");
        assertThat(erred.clean()).isFalse();

        Path quiet = folder.resolve("quiet.log");
        Process ending = shell(
                quiet,
                "echo '2026-12-02T10:00:00Z ERROR 1 --- long ago'; echo ready; " + "while true; do sleep 0.05; done");
        ServiceProcess.Stopped stopped = ServiceProcess.stop("quiet", ending, quiet, Duration.ofSeconds(10));
        assertThat(stopped.exitCode()).isEqualTo(143);
        assertThat(stopped.clean()).isTrue();

        Path stubborn = folder.resolve("stubborn.log");
        Process deaf = shell(stubborn, "trap '' TERM; echo ready; while true; do sleep 0.05; done");
        ServiceProcess.Stopped killed = ServiceProcess.stop("stubborn", deaf, stubborn, Duration.ofMillis(500));
        assertThat(killed.exited()).isFalse();
        assertThat(killed.clean()).isFalse();
        assertThat(deaf.isAlive()).isFalse();
    }

    /** A shell running {@code script}, its output in {@code log}, once it has said it is ready. */
    private static Process shell(Path log, String script) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("ready"));
        return process;
    }

    @Test
    void aProcessThatIsGoneHasUsedNothing() {
        assertThat(ServiceProcess.compilerCpuSeconds(Long.MAX_VALUE)).isZero();
    }
}
