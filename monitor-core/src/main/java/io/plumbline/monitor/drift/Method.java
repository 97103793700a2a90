package io.plumbline.monitor.drift;

/** Drift statistics; {@link #label()} is the name used in reports. */
public enum Method {
    KS("ks", true),
    PSI("psi", true),
    WASSERSTEIN("wasserstein", true),
    CHI_SQUARE("chi_square", false),
    JENSEN_SHANNON("jensen_shannon", false);

    private final String label;
    private final boolean numeric;

    Method(String label, boolean numeric) {
        this.label = label;
        this.numeric = numeric;
    }

    public String label() {
        return label;
    }

    /** True for methods on numeric features, false for categorical ones. */
    public boolean numeric() {
        return numeric;
    }

    /** Parses a report label such as {@code ks} or {@code chi_square}. */
    public static Method fromLabel(String label) {
        for (Method m : values()) {
            if (m.label.equalsIgnoreCase(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method " + label + "; use ks, psi, wasserstein, chi_square or jensen_shannon");
    }
}
