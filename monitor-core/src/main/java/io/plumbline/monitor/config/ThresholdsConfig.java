package io.plumbline.monitor.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.drift.Correction;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.drift.Method;
import io.plumbline.monitor.drift.PsiThreshold;
import java.util.List;

/**
 * {@code plumbline.monitor.thresholds.*}: when a statistic means drift (see monitor/DRIFT.md).
 *
 * @param alpha false-alarm level of the p-value tests after correction (default 0.05)
 * @param correction {@code bonferroni} (default), {@code bh} or {@code none}
 * @param psi {@code auto} (sample-size aware, default) or a fixed threshold such as {@code 0.25}
 * @param coarseBins PSI bins (default 10)
 * @param wasserstein normalised Wasserstein distance that means drift (default 0.1)
 * @param jensenShannon Jensen-Shannon distance that means drift (default 0.1)
 * @param numericMethod the verdict of numeric features: {@code ks} (default), {@code psi}, {@code wasserstein}
 * @param categoricalMethod the verdict of categorical features: {@code chi_square} (default), {@code jensen_shannon}
 */
@ConfigurationProperties(ThresholdsConfig.PREFIX)
public record ThresholdsConfig(
        @Bindable(defaultValue = "0.05") double alpha,
        @Bindable(defaultValue = "bonferroni") String correction,
        @Bindable(defaultValue = "auto") String psi,
        @Bindable(defaultValue = "10") int coarseBins,
        @Bindable(defaultValue = "0.1") double wasserstein,
        @Bindable(defaultValue = "0.1") double jensenShannon,
        @Bindable(defaultValue = "ks") String numericMethod,
        @Bindable(defaultValue = "chi_square") String categoricalMethod) {
    static final String PREFIX = "plumbline.monitor.thresholds";

    public ThresholdsConfig {
        if (!(alpha > 0 && alpha < 1)) {
            throw new ConfigValueException(PREFIX + ".alpha", alpha, "must be above 0 and below 1", "0.05");
        }
        correction = Require.oneOf(PREFIX + ".correction", correction, List.of("bonferroni", "bh", "none"));
        psi = psi == null ? "" : psi.trim();
        if (!psi.equalsIgnoreCase("auto") && !(number(psi) > 0)) {
            throw new ConfigValueException(PREFIX + ".psi", psi, "is neither auto nor a number above 0", "0.25");
        }
        Require.atLeast(PREFIX + ".coarse-bins", coarseBins, 2, "10");
        if (!(wasserstein > 0) || !(jensenShannon > 0)) {
            throw new ConfigValueException(PREFIX + (wasserstein > 0 ? ".jensen-shannon" : ".wasserstein"),
                    wasserstein > 0 ? jensenShannon : wasserstein, "must be above 0", "0.1");
        }
        numericMethod = Require.oneOf(PREFIX + ".numeric-method", numericMethod, List.of("ks", "psi", "wasserstein"));
        categoricalMethod = Require.oneOf(PREFIX + ".categorical-method", categoricalMethod,
                List.of("chi_square", "jensen_shannon"));
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public DriftSettings settings(long minCount) {
        PsiThreshold psiRule = "auto".equalsIgnoreCase(psi) ? PsiThreshold.sampleSizeAware(alpha)
                : PsiThreshold.fixed(Double.parseDouble(psi));
        return new DriftSettings(alpha, minCount, Correction.parse(correction), psiRule, coarseBins, wasserstein,
                jensenShannon, Method.fromLabel(numericMethod), Method.fromLabel(categoricalMethod));
    }
}
