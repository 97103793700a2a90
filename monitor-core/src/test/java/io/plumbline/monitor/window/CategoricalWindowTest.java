package io.plumbline.monitor.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plumbline.events.profile.CategoricalSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoricalWindowTest {
    private static CategoricalSummary summary() {
        Map<String, Long> cats = new LinkedHashMap<>();
        cats.put("rain", 6L);
        cats.put("sun", 3L);
        return new CategoricalSummary(cats, 1);
    }

    @Test
    void add_unseenCategory_goesToOtherAndIsCounted() {
        CategoricalWindow w = new CategoricalWindow("weather", summary());
        w.add("rain");
        w.add("snow");
        w.add("");
        w.add(null);
        w.add("sun");
        assertArrayEquals(new long[] {1, 1, 1}, w.countsCopy());
        assertEquals(3, w.count());
        assertEquals(2, w.missing());
        assertEquals(1, w.unseen());
    }

    @Test
    void mergeAndReset() {
        CategoricalWindow a = new CategoricalWindow("weather", summary());
        CategoricalWindow b = new CategoricalWindow("weather", summary());
        a.add("sun");
        b.addAt(b.slotOf("sun"));
        b.add("fog");
        a.merge(b);
        assertArrayEquals(new long[] {0, 2, 1}, a.countsCopy());
        assertEquals(1, a.unseen());
        a.reset();
        assertEquals(0, a.count());
        assertEquals(0, a.unseen());
    }
}
