/**
 * Fixtures for integration tests that need real infrastructure rather than mocks: a real Apache
 * Kafka broker (KRaft, single node) run as a child JVM from jars Maven resolved, and free loopback
 * ports to run things on. Plain JDK code, so any module can use it without new dependencies.
 */
package io.plumbline.testing;
