# One image recipe for both services. Build context is the repository root:
#   docker build --build-arg SERVICE=contract-service   --build-arg PORT=8080 -t sla-contract-service .
#   docker build --build-arg SERVICE=projection-service --build-arg PORT=8081 -t sla-projection-service .
# Multi-stage: build the service with Maven, run it on a JRE as an unprivileged user.
ARG SERVICE=contract-service

FROM maven:3.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
COPY pom.xml ./
COPY shared-events shared-events
COPY service-security service-security
COPY test-support test-support
COPY audit-verifier audit-verifier
COPY contract-service contract-service
COPY projection-service projection-service
# Only the poms of the modules no image builds: the reactor needs them to exist.
COPY local-stack/pom.xml local-stack/pom.xml
COPY benchmarks/pom.xml benchmarks/pom.xml
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl ${SERVICE} -am

FROM eclipse-temurin:17-jre
ARG SERVICE
ARG PORT=8080
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 sla
WORKDIR /app
COPY --from=build /src/${SERVICE}/target/${SERVICE}-*-exec.jar /app/app.jar
USER sla
# A heap that runs out ends the process (exit code 3) and compose starts it again (restart:
# unless-stopped): an OutOfMemoryError may strike any thread, a Kafka client's or the pool's among
# them, and leave the service up but doing nothing (ADR 0036).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Ddisable-axoniq-console-message=true -Daxoniq.update-checker.disabled=true" \
    SLA_DEFAULT_PORT=${PORT}
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=6 \
    CMD curl -fsS "http://localhost:${SERVER_PORT:-$SLA_DEFAULT_PORT}/actuator/health/liveness" || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
