package com.slaledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.CommandResult;
import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.PostgresServer;
import com.slaledger.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kafka security of docker-compose.yml, checked without Docker: a broker in this JVM configured
 * from the compose file's {@code kafka} environment (as the apache/kafka image turns it into
 * properties), {@code docker/kafka/kafka.sh init} run for real with Kafka's own tools, and both
 * services logging in with the SCRAM users and settings of their compose environment. Then every
 * principal may do what docker/kafka/acls grants and nothing else.
 */
class KafkaSaslTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;

    private static final ComposeFile COMPOSE = ComposeFile.read();
    private static Map<String, Integer> ports;
    private static LocalKafka kafka;
    private static PostgresServer.Database contractDb;
    private static PostgresServer.Database projectionDb;
    private static Services services;
    private static Path tools;

    @BeforeAll
    static void start() throws Exception {
        Properties broker = brokerConfig(COMPOSE.environment("kafka"));
        ports = new LinkedHashMap<>();
        String[] listeners = broker.getProperty("listeners").split(",");
        int[] free = FreePorts.take(listeners.length);
        for (int i = 0; i < listeners.length; i++) {
            ports.put(listeners[i].substring(0, listeners[i].indexOf(':')), free[i]);
        }
        broker.put("listeners", addresses(broker.getProperty("listeners")));
        broker.put("advertised.listeners", addresses(broker.getProperty("advertised.listeners")));
        broker.put("controller.quorum.voters", "1@127.0.0.1:" + ports.get("CONTROLLER"));
        kafka = LocalKafka.start(temp.resolve("kafka"), broker, bootstrap("CLIENT"));
        tools = kafkaTools(temp.resolve("bin"));

        Map<String, String> init = new HashMap<>(COMPOSE.environment("kafka-init"));
        init.put("SLA_KAFKA_ADMIN_BOOTSTRAP", bootstrap("BROKER"));
        assertThat(kafkaSh("init", init)).as("kafka.sh init").isZero();

        contractDb = PostgresServer.get().createDatabase("sasl_contract");
        projectionDb = PostgresServer.get().createDatabase("sasl_projection");
        services = Services.start(new Services.Settings(
                contractDb.jdbcUrl(),
                projectionDb.jdbcUrl(),
                PostgresServer.get().username(),
                PostgresServer.get().password(),
                bootstrap("CLIENT"),
                0,
                0,
                Map.of(
                        "spring.main.banner-mode", "off",
                        "logging.level.org.apache.kafka", "WARN",
                        "sla.jwt.secret", TestTokens.SECRET,
                        // Short, so that a test sees the check while it runs (ADR 0039); 5 minutes in compose.
                        "sla.topics.check-every", "PT1S"),
                kafkaLogin("contract-service"),
                kafkaLogin("projection-service")));
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (contractDb != null) {
            contractDb.close();
            projectionDb.close();
        }
    }

    @Test
    void aCommandFromAnIntegrationUserFlowsThroughBothServicesAndARebuild() throws Exception {
        ObjectNode envelope = (ObjectNode) SlaJson.mapper().readTree("""
                {"type":"DraftContract","contractId":"SASL-1","issuedBy":{"party":"CLIENT","actor":"it@acme.example"},
                 "payload":{"clientId":"acme","clientName":"ACME","supplierId":"hostco","supplierName":"HostCo",
                            "title":"Rented servers","ownership":"SUPPLIER_OWNED",
                            "monthlyFee":{"amount":"12500.00","currency":"EUR"},"atRiskPercent":12,"startDate":"2026-12-01"}}""");
        try (CommandClient client =
                new CommandClient(bootstrap("HOST"), login("integration"), TestTokens.withRoles("INTEGRATION"))) {
            assertThat(client.send(envelope, Duration.ofSeconds(60)).status()).isEqualTo(CommandResult.Status.ACCEPTED);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        get(projection(), "/api/contracts/SASL-1", "ANALYST").statusCode() == 200);

        assertThat(post(projection(), "/api/admin/rebuild").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !SlaJson.mapper()
                        .readTree(
                                get(projection(), "/api/admin/rebuild", "ADMIN").body())
                        .get("state")
                        .asString()
                        .equals("RUNNING"));
        JsonNode rebuild = SlaJson.mapper()
                .readTree(get(projection(), "/api/admin/rebuild", "ADMIN").body());
        assertThat(rebuild.get("state").asString()).as(rebuild.toString()).isEqualTo("DONE");
        assertThat(rebuild.get("eventsDone").asLong()).isPositive();
        assertThat(get(projection(), "/api/contracts/SASL-1", "ANALYST").statusCode())
                .isEqualTo(200);

        assertThat(get(contract(), "/api/admin/dead-letters", "ADMIN").statusCode())
                .as("contract-service may read the dead-letter topic and its group")
                .isEqualTo(200);
        JsonNode topics = SlaJson.mapper()
                .readTree(get(contract(), "/actuator/health", "ADMIN").body())
                .at("/components/kafkaTopics");
        assertThat(topics.at("/status").asString())
                .as("contract-service may read and set its topics' settings at start-up: " + topics)
                .isEqualTo("UP");
    }

    /**
     * The one way health {@code kafkaTopics} goes DOWN: contract-service may not set a setting a
     * guarantee needs. With its AlterConfigs on contract.events taken away and the events given a
     * week's retention, health names the setting and the kafka-configs.sh line that sets it, and
     * commands still flow through both services. Granted again, the next check sets the retention
     * back and health is UP, without a restart.
     */
    @Test
    void aSettingThatMayNotBeSetBackIsDownUntilThePermissionIsGrantedAgain() throws Exception {
        ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, "contract.events");
        AclBinding alterEvents = new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, "contract.events", PatternType.LITERAL),
                new AccessControlEntry(
                        "User:contract-service", "*", AclOperation.ALTER_CONFIGS, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(adminLogin())) {
            assertThat(admin.deleteAcls(List.of(alterEvents.toFilter())).all().get(30, TimeUnit.SECONDS))
                    .as("the grant docker/kafka/acls makes")
                    .containsExactly(alterEvents);
            try {
                admin.incrementalAlterConfigs(Map.of(
                                events,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "604800000"),
                                        AlterConfigOp.OpType.SET))))
                        .all()
                        .get(30, TimeUnit.SECONDS);

                await("kafkaTopics DOWN").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    JsonNode topics = kafkaTopicsHealth();
                    assertThat(topics.at("/status").asString())
                            .as(topics.toString())
                            .isEqualTo("DOWN");
                    assertThat(topics.at("/details/failed").toString())
                            .contains("contract.events: could not set retention.ms=-1")
                            .contains("kafka-configs.sh --alter --entity-type topics --entity-name contract.events"
                                    + " --add-config retention.ms=-1");
                });
                ObjectNode draft = (ObjectNode) SlaJson.mapper().readTree("""
                        {"type":"DraftContract","contractId":"SASL-DOWN-1","issuedBy":{"party":"CLIENT","actor":"it@acme.example"},
                         "payload":{"clientId":"acme","clientName":"ACME","supplierId":"hostco","supplierName":"HostCo",
                                    "title":"Rented servers","ownership":"SUPPLIER_OWNED",
                                    "monthlyFee":{"amount":"12500.00","currency":"EUR"},"atRiskPercent":12,"startDate":"2026-12-01"}}""");
                try (CommandClient client = new CommandClient(
                        bootstrap("HOST"), login("integration"), TestTokens.withRoles("INTEGRATION"))) {
                    assertThat(client.send(draft, Duration.ofSeconds(60)).status())
                            .as("the service runs without the guarantee")
                            .isEqualTo(CommandResult.Status.ACCEPTED);
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(projection(), "/api/contracts/SASL-DOWN-1", "ANALYST")
                                        .statusCode()
                                == 200);
            } finally {
                admin.createAcls(List.of(alterEvents)).all().get(30, TimeUnit.SECONDS);
            }

            await("set back and UP at the next check")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> {
                        assertThat(kafkaTopicsHealth().at("/status").asString()).isEqualTo("UP");
                        assertThat(admin.describeConfigs(List.of(events))
                                        .all()
                                        .get(30, TimeUnit.SECONDS)
                                        .get(events)
                                        .get(TopicConfig.RETENTION_MS_CONFIG)
                                        .value())
                                .isEqualTo("-1");
                    });
            assertThat(kafkaTopicsHealth().at("/details/changed").toString())
                    .contains("contract.events retention.ms 604800000 -> -1");
        }
    }

    private static JsonNode kafkaTopicsHealth() throws Exception {
        return SlaJson.mapper()
                .readTree(get(contract(), "/actuator/health", "ADMIN").body())
                .at("/components/kafkaTopics");
    }

    /** The broker's super user, as kafka.sh logs in: SASL/PLAIN on the broker listener. */
    private static Map<String, Object> adminLogin() {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap("BROKER"),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                        + COMPOSE.environment("kafka").get("SLA_KAFKA_ADMIN_PASSWORD") + "\";");
    }

    @Test
    void eachPrincipalMayDoWhatTheAclsGrantAndNothingElse() {
        assertThatThrownBy(() -> produce("projection-service", "contract.commands"))
                .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(TopicAuthorizationException.class));
        assertThatThrownBy(() -> produce("integration", "contract.events"))
                .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(TopicAuthorizationException.class));
        assertThatThrownBy(() -> produce("contract-service", "contract.unknown-topic"))
                .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(TopicAuthorizationException.class));
        assertThatThrownBy(() -> consume("integration", "contract.events", null))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> consume("projection-service", "contract.events", "someone-elses-group"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThat(consume("integration", "contract.command-results", "integration-ticketing"))
                .as("an integration reads results in a group of its own prefix")
                .isTrue();
        assertThatCode(() -> produceInTransaction("integration", "integration-ticketing-1", "contract.commands"))
                .as("an integration sends in transactions under ids of its own prefix")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> produceInTransaction("integration", "contract-service-1", "contract.commands"))
                .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(TransactionalIdAuthorizationException.class));
    }

    @Test
    void aWrongPasswordOrNoSaslAtAllGetsNoAnswer() {
        Map<String, Object> wrong = new HashMap<>(login("contract-service"));
        wrong.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"contract-service\" password=\"guess\";");
        assertThatThrownBy(() -> describeCluster(wrong))
                .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(SaslAuthenticationException.class));
        assertThatThrownBy(() -> describeCluster(Map.of()))
                .as("a PLAINTEXT client on a SASL listener")
                .satisfies(e ->
                        assertThat(rootCause(e)).isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class));
    }

    @Test
    void theHealthCheckNeedsTheAdminPassword() throws Exception {
        Map<String, String> env = new HashMap<>(COMPOSE.environment("kafka"));
        env.put("SLA_KAFKA_ADMIN_BOOTSTRAP", bootstrap("BROKER"));
        assertThat(kafkaSh("healthcheck", env)).isZero();
        env.put("SLA_KAFKA_ADMIN_PASSWORD", "not-the-password");
        assertThat(kafkaSh("healthcheck", env)).isNotZero();
    }

    // --- docker-compose.yml, read as Docker would ---

    /** The apache/kafka image's rule: KAFKA_ dropped, ___ is '-', __ is '_', _ is '.', lower case. */
    private static Properties brokerConfig(Map<String, String> environment) {
        Properties config = new Properties();
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_")) {
                String key = name.substring("KAFKA_".length())
                        .replace("___", "\u0001")
                        .replace("__", "\u0002")
                        .replace('_', '.')
                        .replace('\u0001', '-')
                        .replace('\u0002', '_')
                        .toLowerCase();
                config.put(key, value);
            }
        });
        return config;
    }

    /** The SLA_KAFKA_* login of a service's compose environment (its broker address aside). */
    private static Map<String, String> kafkaLogin(String service) {
        Map<String, String> login = new HashMap<>();
        COMPOSE.environment(service).forEach((name, value) -> {
            if (name.startsWith("SLA_KAFKA_") && !name.equals("SLA_KAFKA_BOOTSTRAP_SERVERS")) {
                login.put(name, value);
            }
        });
        assertThat(login).containsKeys("SLA_KAFKA_SECURITY_PROTOCOL", "SLA_KAFKA_USERNAME", "SLA_KAFKA_PASSWORD");
        return login;
    }

    /** A principal's client settings, with the password docker-compose.yml gives it. */
    private static Map<String, Object> login(String principal) {
        String password = switch (principal) {
            case "integration" -> COMPOSE.environment("kafka-init").get("SLA_KAFKA_INTEGRATION_PASSWORD");
            default -> kafkaLogin(principal).get("SLA_KAFKA_PASSWORD");
        };
        return CommandClient.security(Map.of(
                "SLA_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "SLA_KAFKA_USERNAME", principal,
                "SLA_KAFKA_PASSWORD", password));
    }

    // --- Kafka clients as one principal or another ---

    private static void produce(String principal, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(login(principal));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap("CLIENT"));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", new byte[] {1})).get(20, TimeUnit.SECONDS);
        }
    }

    /** Sends one record in a transaction under {@code transactionalId}, and commits it. */
    private static void produceInTransaction(String principal, String transactionalId, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(login(principal));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap("CLIENT"));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", new byte[] {1})).get(20, TimeUnit.SECONDS);
            producer.commitTransaction();
        }
    }

    /** Subscribes (with a group) or assigns (without one) and polls; true once a poll came back. */
    private static boolean consume(String principal, String topic, String group) {
        Map<String, Object> config = new HashMap<>(login(principal));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap("CLIENT"));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            if (group != null) {
                consumer.subscribe(List.of(topic));
                for (int i = 0; i < 10 && consumer.assignment().isEmpty(); i++) {
                    consumer.poll(Duration.ofMillis(500));
                }
                return !consumer.assignment().isEmpty();
            }
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            consumer.poll(Duration.ofSeconds(2));
            return true;
        }
    }

    private static void describeCluster(Map<String, Object> security) throws Exception {
        Map<String, Object> config = new HashMap<>(security);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap("CLIENT"));
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        }
    }

    // --- docker/kafka/kafka.sh with Kafka's own tools ---

    /**
     * Stand-ins for the apache/kafka image's /opt/kafka/bin scripts: each runs the same tool class
     * on this test's class path.
     */
    private static Path kafkaTools(Path bin) throws IOException {
        Files.createDirectories(bin);
        Path logback = bin.resolve("logback.xml");
        Files.writeString(logback, "<configuration><root level=\"OFF\"/></configuration>");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Map<String, String> scripts = Map.of(
                "kafka-configs.sh", "kafka.admin.ConfigCommand",
                "kafka-acls.sh", "org.apache.kafka.tools.AclCommand",
                "kafka-broker-api-versions.sh", "org.apache.kafka.tools.BrokerApiVersionsCommand");
        for (var script : scripts.entrySet()) {
            Path file = bin.resolve(script.getKey());
            Files.writeString(
                    file,
                    "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
                            + " -Dlogback.configurationFile='" + logback + "' -cp '" + classpath + "' "
                            + script.getValue() + " \"$@\"\n");
            file.toFile().setExecutable(true);
        }
        return bin;
    }

    private static int kafkaSh(String command, Map<String, String> environment) throws Exception {
        ProcessBuilder process = new ProcessBuilder(
                        "sh", ComposeFile.ROOT.resolve("docker/kafka/kafka.sh").toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("kafka-sh-" + command + ".log").toFile());
        process.environment().putAll(environment);
        process.environment().put("KAFKA_BIN", tools.toString());
        Process running = process.start();
        if (!running.waitFor(3, TimeUnit.MINUTES)) {
            running.destroyForcibly();
            throw new IllegalStateException("kafka.sh " + command + " did not finish");
        }
        int exit = running.exitValue();
        if (exit != 0) {
            System.out.println("kafka.sh " + command + " exited " + exit + ":\n"
                    + Files.readString(temp.resolve("kafka-sh-" + command + ".log")));
        }
        return exit;
    }

    // --- plumbing ---

    private static Throwable rootCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String addresses(String listeners) {
        StringBuilder result = new StringBuilder();
        for (String listener : listeners.split(",")) {
            String name = listener.substring(0, listener.indexOf(':'));
            result.append(result.isEmpty() ? "" : ",")
                    .append(name)
                    .append("://127.0.0.1:")
                    .append(ports.get(name));
        }
        return result.toString();
    }

    private static String bootstrap(String listener) {
        return "127.0.0.1:" + ports.get(listener);
    }

    private static String contract() {
        return "http://localhost:" + services.contract().getEnvironment().getProperty("local.server.port");
    }

    private static String projection() {
        return "http://localhost:" + services.projection().getEnvironment().getProperty("local.server.port");
    }

    private static HttpResponse<String> get(String base, String path, String role) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + TestTokens.withRoles(role))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String base, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + TestTokens.withRoles("ADMIN"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
