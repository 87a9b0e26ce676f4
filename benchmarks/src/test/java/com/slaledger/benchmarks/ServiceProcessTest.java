package com.slaledger.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

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
    void aProcessThatIsGoneHasUsedNothing() {
        assertThat(ServiceProcess.compilerCpuSeconds(Long.MAX_VALUE)).isZero();
    }
}
