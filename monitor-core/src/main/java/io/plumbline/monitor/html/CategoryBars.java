package io.plumbline.monitor.html;

import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.monitor.window.CategoricalWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference and current counts of a categorical feature on the columns the chi-square test used: the
 * reference's top categories in profile order (most frequent first), then "other", which also holds
 * the categories the reference never saw. Only the first {@link #SHOWN} categories get their own bar;
 * the rest are summed into one labelled row so a 100-category feature stays readable.
 *
 * @param names category names shown, without "other"
 * @param reference reference count per shown category
 * @param current current count per shown category
 * @param restReference reference count of the categories not shown (zero when all are)
 * @param restCurrent current count of those
 * @param restCategories how many reference categories are in the rest
 * @param otherReference reference count of "other"
 * @param otherCurrent current count of "other" (includes unseen)
 * @param unseen current values of categories the reference never saw
 * @param unseenNames the most frequent unseen categories with their counts (may be empty when not collected)
 */
record CategoryBars(List<String> names, long[] reference, long[] current, long restReference, long restCurrent,
        int restCategories, long otherReference, long otherCurrent, long unseen, Map<String, Long> unseenNames) {

    static final int SHOWN = 20;
    static final int UNSEEN_NAMED = 10;

    static CategoryBars of(CategoricalSummary summary, CategoricalWindow window, Map<String, Long> unseenNames) {
        List<String> categories = window.categories();
        int shown = Math.min(SHOWN, categories.size());
        long[] ref = new long[shown];
        long[] cur = new long[shown];
        long restRef = 0;
        long restCur = 0;
        for (int i = 0; i < categories.size(); i++) {
            long r = summary.categories().get(categories.get(i));
            if (i < shown) {
                ref[i] = r;
                cur[i] = window.countAt(i);
            } else {
                restRef += r;
                restCur += window.countAt(i);
            }
        }
        Map<String, Long> top = new LinkedHashMap<>();
        unseenNames.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(UNSEEN_NAMED)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return new CategoryBars(new ArrayList<>(categories.subList(0, shown)), ref, cur, restRef, restCur,
                categories.size() - shown, summary.other(), window.countAt(window.otherSlot()), window.unseen(), top);
    }

    long referenceTotal() {
        return CoarseHistogram.total(reference) + restReference + otherReference;
    }

    long currentTotal() {
        return CoarseHistogram.total(current) + restCurrent + otherCurrent;
    }
}
