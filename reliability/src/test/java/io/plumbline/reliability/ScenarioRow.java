package io.plumbline.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code RESULTS.md}: what a scenario did and what it counted. A {@code null} figure is a
 * column that does not apply to the scenario ({@code n/a}). "Events" are prediction events (one row
 * each in the scenarios so far); "windows" are drift windows; "webhooks" are deliveries the receiver
 * answered 2xx at once, counted by distinct event id.
 *
 * @param scenario its name, also the file name of its JSON ({@code target/reliability/<slug>.json})
 * @param order where the row goes in the table (smaller first)
 * @param run the Maven run that produced it ({@code reliability.run}); rows of other runs are ignored
 * @param failure null when every check passed, else the first failed check's message
 * @param notes facts a reader needs to read the figures (one line each)
 */
record ScenarioRow(String scenario, int order, String run, String form, int runs, Long requestsSent,
        Long faultsInjected, Long requestsFailed, Long eventsProduced, Long eventsConsumed, Long eventsLost,
        Long eventsDuplicated, Long windowsExpected, Long windowsCounted, Long webhooksExpected,
        Long webhooksReceived, String failure, List<String> notes) {

    ScenarioRow {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    String slug() {
        return scenario.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static Builder named(String scenario, int order) {
        return new Builder(scenario, order);
    }

    /** Fills a row as a scenario measures; columns never set stay n/a. */
    static final class Builder {
        private final String scenario;
        private final int order;
        private int runs = 1;
        private Long requestsSent;
        private Long faultsInjected;
        private Long requestsFailed;
        private Long eventsProduced;
        private Long eventsConsumed;
        private Long eventsLost;
        private Long eventsDuplicated;
        private Long windowsExpected;
        private Long windowsCounted;
        private Long webhooksExpected;
        private Long webhooksReceived;
        private final List<String> notes = new ArrayList<>();

        private Builder(String scenario, int order) {
            this.scenario = scenario;
            this.order = order;
        }

        Builder runs(int n) {
            runs = n;
            return this;
        }

        Builder requests(long sent, long failed) {
            requestsSent = sent;
            requestsFailed = failed;
            return this;
        }

        Builder faults(long injected) {
            faultsInjected = injected;
            return this;
        }

        Builder events(long produced, long consumed, long lost, long duplicated) {
            eventsProduced = produced;
            eventsConsumed = consumed;
            eventsLost = lost;
            eventsDuplicated = duplicated;
            return this;
        }

        Builder windows(long expected, long counted) {
            windowsExpected = expected;
            windowsCounted = counted;
            return this;
        }

        Builder webhooks(long expected, long received) {
            webhooksExpected = expected;
            webhooksReceived = received;
            return this;
        }

        Builder note(String line) {
            notes.add(line);
            return this;
        }

        ScenarioRow build(String failure) {
            return new ScenarioRow(scenario, order, System.getProperty("reliability.run", "manual"),
                    Form.current().name().toLowerCase(java.util.Locale.ROOT), runs, requestsSent, faultsInjected,
                    requestsFailed, eventsProduced, eventsConsumed, eventsLost, eventsDuplicated, windowsExpected,
                    windowsCounted, webhooksExpected, webhooksReceived, failure, notes);
        }
    }
}
