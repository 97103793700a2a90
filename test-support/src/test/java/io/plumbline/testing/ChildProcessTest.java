package io.plumbline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signals reach the real process: its state in {@code /proc/<pid>/stat} is {@code T} (stopped) after
 * SIGSTOP and running again after SIGCONT; SIGTERM and SIGKILL end it with 128 + the signal number.
 */
class ChildProcessTest {
    @TempDir
    Path dir;

    @Test
    void sigstopFreezesAndSigcontThaws_sigtermExits143() throws IOException {
        try (ChildProcess p = sleeper()) {
            p.sigstop();
            Await.until(() -> state(p) == 'T', Duration.ofSeconds(10), () -> "state " + state(p) + " after SIGSTOP");
            p.sigcont();
            Await.until(() -> state(p) != 'T', Duration.ofSeconds(10), () -> "state " + state(p) + " after SIGCONT");
            assertEquals(128 + 15, p.sigterm(), "exit status of a process ended by SIGTERM");
            assertFalse(p.alive());
        }
    }

    @Test
    void sigkillEndsTheProcessAtOnce() throws Exception {
        try (ChildProcess p = sleeper()) {
            long pid = p.pid();
            p.sigkill();
            assertFalse(p.alive());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " is gone");
            assertEquals(128 + 9, p.await(Duration.ofSeconds(1)));
        }
    }

    @Test
    void outputGoesToTheLog() throws Exception {
        try (ChildProcess p = ChildProcess.start("echo", List.of("sh", "-c", "echo hello; echo world"), Map.of(),
                dir, dir.resolve("echo.log"))) {
            assertEquals(0, p.await(Duration.ofSeconds(10)));
            assertTrue(p.tail(1).endsWith("world"), p.tail(5));
        }
    }

    private ChildProcess sleeper() {
        // exec: the pid is sleep's own, so the signals reach it and not a shell in between.
        return ChildProcess.start("sleeper", List.of("sh", "-c", "exec sleep 60"), Map.of(), dir, dir.resolve("sleep.log"));
    }

    /** The state letter of /proc/<pid>/stat: R running, S sleeping, T stopped. */
    private static char state(ChildProcess p) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return '?';
        }
    }
}
