/**
 * Checks of the operations pack. Without running services: the Prometheus configuration and alert
 * rules (promtool), the compose file (docker-compose), the Dockerfiles, the Alertmanager routing and
 * the Grafana dashboards (JSON structure, and every PromQL expression parses and refers only to
 * metrics the services expose). The Helm chart in deploy/helm/plumbline ({@code HelmChartTest},
 * {@code ChartPodsTest}, {@code ChartMonitoringTest}): rendered by the real helm and validated against
 * the Kubernetes schemas. End to end ({@code StackEndToEndTest}): Kafka, the packaged serving and
 * monitor jars and a real Prometheus, with every dashboard query and alert rule run against it.
 */
package io.plumbline.ops;
