package io.plumbline.bench.load;

/** The resident set of a process, from the text of its {@code /proc/PID/status}. */
final class VmRss {
    private VmRss() {
    }

    /**
     * @return {@code VmRSS} in KiB (the kernel writes it as {@code VmRSS:     12345 kB})
     * @throws IllegalArgumentException when the text has no {@code VmRSS} line (not Linux, or a zombie)
     */
    static long parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String v = line.substring("VmRSS:".length()).trim();
                if (!v.endsWith(" kB")) {
                    throw new IllegalArgumentException("VmRSS not in kB: " + line);
                }
                return Long.parseLong(v.substring(0, v.length() - 3).trim());
            }
        }
        throw new IllegalArgumentException("no VmRSS line in /proc/PID/status");
    }
}
