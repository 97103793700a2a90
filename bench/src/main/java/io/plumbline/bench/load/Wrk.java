package io.plumbline.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a URL with {@code wrk} (an independent load generator, from Debian) and parses its report:
 * {@code Requests/sec}, the {@code --latency} percentiles, non-2xx responses and socket errors.
 * POST bodies go through a Lua script written beside the run; binary bytes as Lua decimal escapes.
 */
final class Wrk {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);

    private final String wrk;
    private final Path dir;
    private int scripts;

    Wrk(String wrk, Path dir) {
        this.wrk = wrk;
        this.dir = dir;
    }

    /** A GET request (no script). */
    Target get(String url) {
        return new Target(url, null);
    }

    /** A POST of {@code body} with the given headers, as a generated Lua script. */
    Target post(String url, byte[] body, List<String> headers) throws IOException {
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\nwrk.body = \"");
        for (byte b : body) {
            lua.append(String.format("\\%03d", b & 0xff));
        }
        lua.append("\"\n");
        for (String h : headers) {
            int colon = h.indexOf(':');
            lua.append("wrk.headers[\"").append(h, 0, colon).append("\"] = \"")
                    .append(h.substring(colon + 1).trim()).append("\"\n");
        }
        Path script = dir.resolve("post-" + (++scripts) + ".lua");
        Files.writeString(script, lua, StandardCharsets.US_ASCII);
        return new Target(url, script);
    }

    record Target(String url, Path script) {
    }

    LoadResult run(String label, Target target, int connections, int seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(wrk, "-t", String.valueOf(Math.min(2, connections)),
                "-c", String.valueOf(connections), "-d", seconds + "s", "--latency"));
        if (target.script() != null) {
            cmd.addAll(List.of("-s", target.script().toString()));
        }
        cmd.add(target.url());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed (" + p.exitValue() + "): " + out);
        }
        return parse(label, connections, out);
    }

    static LoadResult parse(String label, int connections, String out) {
        double[] pct = new double[3];
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
                case "us" -> 1;
                case "ms" -> 1_000;
                default -> 1_000_000;
            };
            pct[switch (m.group(1)) {
                case "50" -> 0;
                case "90" -> 1;
                default -> 2;
            }] = v;
        }
        long errors = 0;
        Matcher n = NON_2XX.matcher(out);
        if (n.find()) {
            errors += Long.parseLong(n.group(1));
        }
        Matcher s = SOCKET.matcher(out);
        if (s.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(s.group(i));
            }
        }
        return new LoadResult(label, connections, number(RPS, out), pct[0], pct[1], pct[2],
                (long) number(REQUESTS, out), errors);
    }

    private static double number(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot read wrk's report:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
