package io.plumbline.model.engine;

import java.util.Locale;

/**
 * Server-wide engine settings.
 *
 * @param intraOpThreads threads inside one operator (0 = engine default)
 * @param interOpThreads threads across operators (0 = engine default)
 * @param optimization graph optimisation: {@code none}, {@code basic}, {@code extended}, {@code all}
 */
public record EngineOptions(int intraOpThreads, int interOpThreads, String optimization) {
    public static final EngineOptions DEFAULT = new EngineOptions(0, 0, "all");

    public EngineOptions {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("engine thread counts must be >= 0");
        }
        optimization = optimization == null ? "all" : optimization.toLowerCase(Locale.ROOT);
        if (!optimization.matches("none|basic|extended|all")) {
            throw new IllegalArgumentException("engine optimization must be none, basic, extended or all, got '"
                    + optimization + "'");
        }
    }
}
