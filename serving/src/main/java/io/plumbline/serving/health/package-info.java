/**
 * gRPC's standard health service ({@code grpc.health.v1.Health}, Check and Watch) on serving's gRPC
 * port, for Kubernetes gRPC probes, grpc-health-probe, Envoy and load balancers: the server's
 * readiness, its liveness and each model's readiness, under the service names {@link HealthNames}
 * documents. Statuses are read from the same places as the V2 probes ({@code Readiness}, the catalog),
 * so every probe agrees.
 */
package io.plumbline.serving.health;
