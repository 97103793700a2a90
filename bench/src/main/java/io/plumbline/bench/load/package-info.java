/**
 * The load harness: builds a model repository, starts the packaged server as a child process,
 * drives it with {@code wrk} (REST) and a Java gRPC client, measures the in-process engine ceiling
 * with the same thread budget, and profiles one point with JFR.
 */
package io.plumbline.bench.load;
