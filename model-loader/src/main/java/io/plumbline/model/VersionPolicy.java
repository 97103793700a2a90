package io.plumbline.model;

import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/** Which of a model's versions to serve, as in Triton's {@code version_policy}. */
public sealed interface VersionPolicy {
    VersionPolicy DEFAULT = new Latest(1);

    /** The versions to load out of those present. */
    NavigableSet<Long> select(NavigableSet<Long> available);

    /** The highest {@code n} versions. */
    record Latest(int n) implements VersionPolicy {
        public Latest {
            if (n < 1) {
                throw new IllegalArgumentException("version-policy latest must be at least 1, got " + n);
            }
        }

        @Override
        public NavigableSet<Long> select(NavigableSet<Long> available) {
            TreeSet<Long> out = new TreeSet<>();
            for (Long v : available.descendingSet()) {
                if (out.size() == n) {
                    break;
                }
                out.add(v);
            }
            return out;
        }
    }

    /** Every version present. */
    record All() implements VersionPolicy {
        @Override
        public NavigableSet<Long> select(NavigableSet<Long> available) {
            return new TreeSet<>(available);
        }
    }

    /** Exactly the listed versions, those present. */
    record Specific(Set<Long> versions) implements VersionPolicy {
        public Specific {
            versions = Set.copyOf(versions);
        }

        public Specific(List<Long> versions) {
            this(Set.copyOf(versions));
        }

        @Override
        public NavigableSet<Long> select(NavigableSet<Long> available) {
            TreeSet<Long> out = new TreeSet<>(available);
            out.retainAll(versions);
            return out;
        }
    }
}
