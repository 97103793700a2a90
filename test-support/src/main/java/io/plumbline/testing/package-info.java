/**
 * Fixtures for integration tests that need real infrastructure rather than mocks: a real Apache
 * Kafka broker (KRaft, single node) run as a child JVM from jars Maven resolved, child processes of
 * packaged services with real signals (SIGKILL, SIGTERM, SIGSTOP/SIGCONT), a webhook receiver that
 * logs every call and can be scripted to fail, and free loopback ports to run things on. Plain JDK
 * code, so any module can use it without new dependencies.
 */
package io.plumbline.testing;
