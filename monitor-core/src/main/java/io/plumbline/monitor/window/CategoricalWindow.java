package io.plumbline.monitor.window;

import io.plumbline.events.profile.CategoricalSummary;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live counts of a categorical feature over the reference categories. Slot {@code i < k} counts the
 * {@code i}-th reference category (profile order), the last slot counts everything else: reference
 * "other" categories and categories never seen in the reference. The latter are also counted in
 * {@link #unseen()} so a report can say how much of the window was new, and their most frequent names are
 * kept in a bounded {@link UnseenSketch} ({@link #topUnseen()}).
 */
public final class CategoricalWindow implements FeatureWindow {
    private final String name;
    private final List<String> categories;
    private final Map<String, Integer> slots;
    private final long[] counts;
    private long count;
    private long missing;
    private long unseen;
    private long invalid;
    private final long[] violations = new long[Violation.values().length];
    private final UnseenSketch unseenNames = new UnseenSketch();

    public CategoricalWindow(String name, CategoricalSummary reference) {
        if (name == null || reference == null) {
            throw new IllegalArgumentException("name and reference summary are required");
        }
        this.name = name;
        this.categories = List.copyOf(reference.categories().keySet());
        this.slots = new HashMap<>(categories.size() * 2);
        for (int i = 0; i < categories.size(); i++) {
            slots.put(categories.get(i), i);
        }
        this.counts = new long[categories.size() + 1];
    }

    /** Counts one value; null or empty counts as missing. */
    public void add(String value) {
        if (value == null || value.isEmpty()) {
            missing++;
            return;
        }
        Integer slot = slots.get(value);
        if (slot == null) {
            unseen++;
            unseenNames.add(value);
            addAt(otherSlot());
        } else {
            addAt(slot);
        }
    }

    /** Slot of a category, or the "other" slot; lets callers resolve labels once and count with {@link #addAt}. */
    public int slotOf(String value) {
        Integer slot = slots.get(value);
        return slot == null ? otherSlot() : slot;
    }

    /**
     * Counts one value already resolved to a slot. A caller that resolves labels itself and lands on the
     * "other" slot for a value the reference never saw should call {@link #add(String)} instead, or the
     * value is not counted as unseen.
     */
    public void addAt(int slot) {
        counts[slot]++;
        count++;
    }

    public void addMissing() {
        missing++;
    }

    public void merge(CategoricalWindow other) {
        if (!other.categories.equals(categories)) {
            throw new IllegalArgumentException("cannot merge windows of " + name + " and " + other.name
                    + " built on different reference categories");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        missing += other.missing;
        unseen += other.unseen;
        invalid += other.invalid;
        for (int i = 0; i < violations.length; i++) {
            violations[i] += other.violations[i];
        }
        unseenNames.merge(other.unseenNames);
    }

    @Override
    public void addViolation(Violation kind, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("violations must be >= 0, was " + n);
        }
        violations[kind.ordinal()] += n;
        invalid += n;
    }

    @Override
    public long violations(Violation kind) {
        return violations[kind.ordinal()];
    }

    @Override
    public void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        missing = 0;
        unseen = 0;
        invalid = 0;
        Arrays.fill(violations, 0);
        unseenNames.reset();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long missing() {
        return missing;
    }

    /** Values of a tensor of the wrong shape ({@link Violation}); any non-empty text is a category. */
    @Override
    public long invalid() {
        return invalid;
    }

    /** Values whose category the reference never saw (counted in the "other" slot as well). */
    public long unseen() {
        return unseen;
    }

    /** Adds stored counts back ({@link WindowCodec}); package-private so only the codec restores state. */
    void restoreSlot(int slot, long n) {
        counts[slot] += n;
        count += n;
    }

    /**
     * The most frequent unseen categories, largest first, at most {@link UnseenSketch#TOP}; each count is
     * at most {@link #topUnseenError()} below the true count.
     */
    public List<Map.Entry<String, Long>> topUnseen() {
        return unseenNames.top(UnseenSketch.TOP);
    }

    /** How far below the truth a {@link #topUnseen()} count may be (the Misra–Gries bound). */
    public long topUnseenError() {
        return unseenNames.errorBound();
    }

    UnseenSketch unseenSketch() {
        return unseenNames;
    }

    void restoreTotals(long storedMissing, long storedUnseen) {
        missing += storedMissing;
        unseen += storedUnseen;
        unseenNames.restoreTotal(storedUnseen);
    }

    /** Restores the data-quality counts ({@link WindowCodec} format 2). */
    void restoreViolations(long type, long shape) {
        violations[Violation.TYPE.ordinal()] += type;
        violations[Violation.SHAPE.ordinal()] += shape;
        invalid += type + shape;
    }

    public int otherSlot() {
        return counts.length - 1;
    }

    public long countAt(int slot) {
        return counts[slot];
    }

    public List<String> categories() {
        return categories;
    }

    public long[] countsCopy() {
        return counts.clone();
    }
}
