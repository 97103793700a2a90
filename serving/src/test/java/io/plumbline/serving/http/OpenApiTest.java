package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.plumbline.testing.FreePorts;
import io.plumbline.testing.JsonSchemaCheck;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI document ({@code src/main/resources/openapi/plumbline.yaml}, served at {@code /openapi.yaml})
 * against the running server: every route Micronaut's router answers is in it and nothing else is
 * (methods and path templates), every {@code $ref} resolves, and every operation with an example request
 * body, sent to the server with the demo model (path parameters from their examples), answers with the
 * operation's first 2xx status and a body that conforms to that response's schema (checked by
 * test-support's {@link JsonSchemaCheck}, not by the server's code). The answers of the operations without
 * a body (metadata, probes, the repository API) are checked against their schemas too.
 */
@MicronautTest
@Property(name = "spec.name", value = "OpenApiTest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest implements TestPropertyProvider {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    /**
     * Operations whose success this server cannot give, with the documented status they answer instead: no
     * drift window closes in this test (DriftPageTest renders the page of one that did).
     */
    private static final Map<String, String> NOT_2XX_HERE = Map.of("/drift/{model}/{version}", "404");

    @Inject
    EmbeddedServer server;

    @Inject
    Router router;

    private V2Client client;
    private JsonNode doc;
    private JsonSchemaCheck schemas;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path root = Files.createTempDirectory("plumbline-openapi");
            TestRepository.copyDemo(root.resolve("weather"));
            Map<String, String> p = new HashMap<>();
            p.put("plumbline.registry.uri", root.toString());
            p.put("micronaut.server.port", "-1");
            p.put("grpc.server.port", Integer.toString(FreePorts.loopback()));
            p.put("plumbline.repository-api.enabled", "true");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void read() throws IOException {
        client = new V2Client(server.getURI());
        client.awaitReady();
        try (InputStream in = OpenApiTest.class.getResourceAsStream(OpenApiController.RESOURCE)) {
            Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            doc = V2Client.JSON.valueToTree(yaml);
        }
        schemas = new JsonSchemaCheck(doc);
    }

    @Test
    void everyRouteTheServerAnswers_isDocumented_andNothingElse() {
        Set<String> routes = new TreeSet<>();
        router.uriRoutes().filter(r -> !r.getHttpMethodName().equals("HEAD"))
                .forEach(r -> routes.add(r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString()));
        Set<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                documented.add(op.getKey().toUpperCase() + " " + p.getKey());
            }
        }));
        assertEquals(routes, documented);
    }

    @Test
    void everyReferenceResolves() {
        List<String> broken = new ArrayList<>();
        refs(doc, broken);
        assertEquals(List.of(), broken);
    }

    private void refs(JsonNode node, List<String> broken) {
        if (node.isObject() && node.has("$ref") && doc.at(node.get("$ref").asText().substring(1)).isMissingNode()) {
            broken.add(node.get("$ref").asText());
        }
        node.forEach(child -> refs(child, broken));
    }

    @Test
    void everyExampleSucceeds_andEveryJsonAnswerConformsToItsSchema() throws IOException {
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey()) || path.getKey().startsWith("/v2/repository/models/")) {
                    continue; // load and unload are sent last, in order, below
                }
                checked += send(path.getKey(), op.getKey(), path.getValue(), op.getValue(), problems);
            }
        }
        for (String last : List.of("/v2/repository/models/{model}/unload", "/v2/repository/models/{model}/load")) {
            JsonNode item = doc.get("paths").get(last);
            checked += send(last, "post", item, item.get("post"), problems);
        }
        assertEquals(List.of(), problems);
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (String m : METHODS) {
                operations += path.getValue().has(m) ? 1 : 0;
            }
        }
        assertEquals(operations, checked, "every documented operation was sent");
    }

    /** Sends one operation; returns 1. Problems are added with the operation's name. */
    private int send(String template, String method, JsonNode item, JsonNode op, List<String> problems)
            throws IOException {
        String path = template;
        List<JsonNode> parameters = new ArrayList<>();
        item.path("parameters").forEach(parameters::add);
        op.path("parameters").forEach(parameters::add);
        for (JsonNode p : parameters) {
            JsonNode param = p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
            path = path.replace("{" + param.get("name").asText() + "}", param.get("example").asText());
        }
        JsonNode example = op.path("requestBody").path("content").path("application/json").path("example");
        V2Client.Reply reply = method.equals("get") ? client.get(path)
                : client.post(path, example.isMissingNode() ? "{}" : V2Client.JSON.writeValueAsString(example));
        String name = method.toUpperCase() + " " + path;
        String expected = null;
        for (Map.Entry<String, JsonNode> r : op.get("responses").properties()) {
            if (r.getKey().startsWith("2") && expected == null) {
                expected = r.getKey();
            }
        }
        String answered = String.valueOf(reply.status());
        if (NOT_2XX_HERE.containsKey(template)) {
            expected = NOT_2XX_HERE.get(template);
        }
        if (!answered.equals(expected)) {
            problems.add(name + " answered " + answered + ", documented " + expected + ": "
                    + new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8));
            return 1;
        }
        JsonNode response = op.get("responses").get(expected);
        if (response.has("$ref")) {
            response = doc.at(response.get("$ref").asText().substring(1));
        }
        JsonNode json = response.path("content").path("application/json");
        if (!json.isMissingNode()) {
            JsonNode body = V2Client.JSON.readTree(reply.body());
            JsonSchemaCheck check = new JsonSchemaCheck(doc);
            List<String> v = check.violations(body, pointer(json.get("schema")));
            v.forEach(x -> problems.add(name + ": " + x));
        }
        return 1;
    }

    /** A JSON pointer to {@code schema}: its {@code $ref}, or (inline) the schema itself copied under a scratch key. */
    private String pointer(JsonNode schema) {
        if (schema.has("$ref")) {
            return schema.get("$ref").asText().substring(1);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("components")).set("scratch", schema);
        return "/components/scratch";
    }

    @Test
    void theDocumentIsServedAsKept() throws IOException {
        V2Client.Reply r = client.get("/openapi.yaml");
        assertEquals(200, r.status());
        assertTrue(r.headers().getOrDefault("content-type", List.of("")).get(0).startsWith("application/yaml")
                || r.headers().getOrDefault("Content-Type", List.of("")).get(0).startsWith("application/yaml"),
                r.headers().toString());
        assertArrayEquals(Files.readAllBytes(Path.of("src/main/resources/openapi/plumbline.yaml")), r.body());
    }
}
