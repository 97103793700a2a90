package io.plumbline.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the run ran on: {@code nproc}, {@code lscpu}'s model name, memory, JDK, OS, load, wrk. */
public final class Machine {
    private Machine() {
    }

    public static Map<String, String> describe(String wrk) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPUs (`nproc`)", command(List.of("nproc")).trim());
        String model = command(List.of("lscpu")).lines().filter(l -> l.startsWith("Model name:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        m.put("CPU (`lscpu` model name)", model);
        m.put("Memory", memory());
        m.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("Load average at start (`/proc/loadavg`)", loadAverage());
        String version = command(List.of(wrk, "-v")).lines().findFirst().orElse("unknown");
        m.put("wrk", version.trim());
        return m;
    }

    /** {@code /proc/loadavg}: how busy the shared machine was (other tenants included). */
    public static String loadAverage() {
        return read("/proc/loadavg");
    }

    private static String memory() {
        return read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String command(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
