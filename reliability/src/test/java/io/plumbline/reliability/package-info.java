/**
 * The fault-injection suite. Each scenario runs real child processes (the packaged jars with
 * {@code java -jar}, a Kafka broker), injects a real fault (SIGKILL, a receiver that is not listening,
 * hangs up, answers late or with 500) and counts what happened from a source independent of the system
 * under test: the producer's own tally of acknowledged records, the drift topic read to its end offsets
 * with {@code isolation.level=read_committed}, the webhook receiver's log. Each scenario records a
 * {@link io.plumbline.reliability.ScenarioRow}; in the long form ({@code -Dreliability.long=true})
 * {@link io.plumbline.reliability.ResultsListener} writes them to {@code reliability/RESULTS.md}.
 */
package io.plumbline.reliability;
