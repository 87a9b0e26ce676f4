package com.slaledger.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers; asked once per JVM (Testcontainers caches the answer). */
final class Docker {

    private Docker() {}

    static boolean isAvailable() {
        if (Boolean.getBoolean("sla.test.embedded")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
