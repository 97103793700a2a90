/**
 * Checks of the operations pack that need no running services: the Prometheus configuration and
 * alert rules (promtool), the compose file (docker-compose), the Dockerfiles, the Alertmanager
 * routing and the Grafana dashboards (JSON structure, and every PromQL expression parses and
 * refers only to metrics the services expose).
 */
package io.plumbline.ops;
