package io.plumbline.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of the server, started and stopped with {@code jcmd} around one load point, and
 * summarised: top frames of {@code jdk.ExecutionSample} (Java code on CPU) and of
 * {@code jdk.NativeMethodSample} (threads in native code, e.g. ONNX Runtime or epoll), plus the
 * share of samples whose stack passes through each area of the request path.
 */
final class JfrProfile {
    /** Areas by class-name prefix, in the order they are reported. */
    private static final Map<String, String> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("Netty (HTTP, event loops)", "io.netty.");
        AREAS.put("Micronaut (routing, binding)", "io.micronaut.");
        AREAS.put("Jackson (JSON)", "com.fasterxml.jackson.");
        AREAS.put("V2 codec (io.plumbline.serving.v2)", "io.plumbline.serving.v2.");
        AREAS.put("HTTP controller (io.plumbline.serving.http)", "io.plumbline.serving.http.");
        AREAS.put("Inference service/validation", "io.plumbline.serving.inference.");
        AREAS.put("Batcher", "io.plumbline.serving.batching.");
        AREAS.put("Prediction events (io.plumbline.serving.events)", "io.plumbline.serving.events.");
        AREAS.put("ONNX Runtime Java API", "ai.onnxruntime.");
        AREAS.put("Micrometer", "io.micrometer.");
        AREAS.put("java.util.concurrent", "java.util.concurrent.");
    }

    /**
     * @param markdown the tables
     * @param selfByArea share of on-CPU Java samples by the first area found from the top of the stack
     *     (each sample counted once; {@code other} when none matches), largest first
     */
    record Summary(String markdown, Map<String, Double> selfByArea) {
        /** e.g. {@code Netty 41%, Micronaut 22%, ...}: the areas above 3%. */
        String topAreas() {
            StringBuilder b = new StringBuilder();
            selfByArea.forEach((area, share) -> {
                if (share >= 0.03) {
                    b.append(b.length() == 0 ? "" : ", ").append(area).append(String.format(" %.0f%%", 100 * share));
                }
            });
            return b.toString();
        }
    }

    private JfrProfile() {
    }

    static void start(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=bench", "settings=profile", "filename=" + file);
    }

    static void stop(long pid) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=bench");
    }

    private static void jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** Markdown: the top {@code n} frames of each sample kind, and the areas' inclusive shares. */
    static Summary summarise(Path file, int n) throws IOException {
        Map<String, Long> java = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> nativeTop = new HashMap<>();
        Map<String, Long> areas = new HashMap<>();
        long javaSamples = 0;
        long nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            boolean exec = type.equals("jdk.ExecutionSample");
            if ((!exec && !type.equals("jdk.NativeMethodSample")) || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String top = name(frames.get(0));
            if (exec) {
                javaSamples++;
                java.merge(top, 1L, Long::sum);
                for (Map.Entry<String, String> area : AREAS.entrySet()) {
                    if (frames.stream().anyMatch(f -> name(f).startsWith(area.getValue()))) {
                        areas.merge(area.getKey(), 1L, Long::sum);
                    }
                }
                self.merge(firstArea(frames), 1L, Long::sum);
            } else {
                nativeSamples++;
                nativeTop.merge(top, 1L, Long::sum);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("Java on CPU (`jdk.ExecutionSample`, ").append(javaSamples).append(" samples), top frames:\n\n")
                .append(table(java, javaSamples, n)).append('\n');
        md.append("Share of on-CPU Java samples whose stack passes through each area (inclusive; areas overlap):\n\n")
                .append("| area | share |\n|---|---:|\n");
        for (String area : AREAS.keySet()) {
            md.append("| ").append(area).append(" | ")
                    .append(percent(areas.getOrDefault(area, 0L), javaSamples)).append(" |\n");
        }
        Map<String, Double> selfShares = new LinkedHashMap<>();
        long samples = Math.max(1, javaSamples);
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> selfShares.put(e.getKey(), (double) e.getValue() / samples));
        md.append("\nThe same samples, each counted once, in the first area found from the top of its stack "
                + "(where the CPU time itself is spent):\n\n| area | share |\n|---|---:|\n");
        selfShares.forEach((area, share) -> md.append("| ").append(area).append(" | ")
                .append(String.format("%.1f%%", 100 * share)).append(" |\n"));
        md.append("\nThreads in native code (`jdk.NativeMethodSample`, ").append(nativeSamples)
                .append(" samples; includes idle waits such as epoll), top frames:\n\n")
                .append(table(nativeTop, nativeSamples, Math.min(n, 6)));
        return new Summary(md.toString(), selfShares);
    }

    private static String firstArea(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String name = name(f);
            for (Map.Entry<String, String> area : AREAS.entrySet()) {
                if (name.startsWith(area.getValue())) {
                    return area.getKey();
                }
            }
        }
        return "other (JDK only)";
    }

    private static String table(Map<String, Long> counts, long total, int n) {
        StringBuilder md = new StringBuilder("| top frame | samples | share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> md.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" | ")
                        .append(percent(e.getValue(), total)).append(" |\n"));
        return md.toString();
    }

    private static String percent(long part, long total) {
        return total == 0 ? "-" : String.format("%.1f%%", 100.0 * part / total);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
