package io.plumbline.monitor.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.drift.Correction;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.drift.Method;
import io.plumbline.monitor.drift.PsiThreshold;

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
@ConfigurationProperties("plumbline.monitor.thresholds")
public record ThresholdsConfig(
        @Bindable(defaultValue = "0.05") double alpha,
        @Bindable(defaultValue = "bonferroni") String correction,
        @Bindable(defaultValue = "auto") String psi,
        @Bindable(defaultValue = "10") int coarseBins,
        @Bindable(defaultValue = "0.1") double wasserstein,
        @Bindable(defaultValue = "0.1") double jensenShannon,
        @Bindable(defaultValue = "ks") String numericMethod,
        @Bindable(defaultValue = "chi_square") String categoricalMethod) {

    public DriftSettings settings(long minCount) {
        PsiThreshold psiRule = "auto".equalsIgnoreCase(psi) ? PsiThreshold.sampleSizeAware(alpha)
                : PsiThreshold.fixed(Double.parseDouble(psi));
        return new DriftSettings(alpha, minCount, Correction.parse(correction), psiRule, coarseBins, wasserstein,
                jensenShannon, Method.fromLabel(numericMethod), Method.fromLabel(categoricalMethod));
    }
}
