package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.demo.WeatherModelTrainer.Day;
import io.plumbline.model.djl.XgboostModels;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An XGBoost model trained here with xgboost4j, served through DJL over V2 REST, answers exactly
 * what xgboost4j predicts for the same rows.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlServingTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    private V2Client client;
    private List<Day> rows;
    private float[] expected;

    @Override
    public Map<String, String> getProperties() {
        try {
            List<Day> days = XgboostModels.days();
            rows = days.stream().filter(d -> d.date().getYear() == 2015).limit(50).toList();
            Path repo = Files.createTempDirectory("plumbline-djl");
            Path version = Files.createDirectories(repo.resolve("rain").resolve("1"));
            Booster booster = XgboostModels.trainRain(days.stream().filter(d -> d.date().getYear() <= 2013).toList(),
                    20);
            try {
                booster.saveModel(version.resolve("model.json").toString());
                expected = XgboostModels.predict(booster, rows);
            } finally {
                booster.dispose();
            }
            Files.writeString(repo.resolve("rain").resolve("model.yaml"), """
                    engine: djl
                    djl-engine: XGBoost
                    inputs:
                      - name: features
                        datatype: FP32
                        shape: [-1, 4]
                        features: [precipitation, temp_max, temp_min, wind]
                    outputs:
                      - name: rain
                        datatype: FP32
                        shape: [-1]
                    """);
            return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    @Test
    void xgboostThroughDjl_predictsWhatXgboost4jPredicts() {
        StringJoiner data = new StringJoiner(",", "[", "]");
        for (Day d : rows) {
            for (float f : d.features()) {
                data.add(Float.toString(f));
            }
        }
        String body = "{\"inputs\":[{\"name\":\"features\",\"shape\":[" + rows.size() + ",4],\"datatype\":\"FP32\","
                + "\"data\":" + data + "}]}";
        V2Client.Reply r = client.post("/v2/models/rain/infer", body);
        assertEquals(200, r.status(), new String(r.body()));
        JsonNode out = r.json().get("outputs").get(0);
        assertEquals("rain", out.get("name").asText());
        assertEquals(rows.size(), out.get("data").size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(expected[i], out.get("data").get(i).floatValue(), 1e-6, "row " + i);
        }
        assertEquals("djl", client.get("/v2/models/rain").json().get("platform").asText());
    }
}
