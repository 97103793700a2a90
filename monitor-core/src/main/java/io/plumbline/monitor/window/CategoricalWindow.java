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
 * {@link #unseen()} so a report can say how much of the window was new.
 */
public final class CategoricalWindow implements FeatureWindow {
    private final String name;
    private final List<String> categories;
    private final Map<String, Integer> slots;
    private final long[] counts;
    private long count;
    private long missing;
    private long unseen;

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

    /** Counts one value already resolved to a slot. */
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
    }

    @Override
    public void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        missing = 0;
        unseen = 0;
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

    /** Always 0: any non-empty text is a category. */
    @Override
    public long invalid() {
        return 0;
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

    void restoreTotals(long storedMissing, long storedUnseen) {
        missing += storedMissing;
        unseen += storedUnseen;
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
