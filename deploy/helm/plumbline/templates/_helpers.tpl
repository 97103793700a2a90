{{/* Names and labels, as `helm create` scaffolds them. */}}
{{- define "plumbline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "plumbline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* <fullname>-<component>, within the 63 characters of a DNS label. */}}
{{- define "plumbline.componentName" -}}
{{- printf "%s-%s" (include "plumbline.fullname" .root | trunc (int (sub 62 (len .component))) | trimSuffix "-") .component }}
{{- end }}

{{- define "plumbline.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "plumbline.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: plumbline
{{- end }}

{{- define "plumbline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "plumbline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "plumbline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "plumbline.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* registry/repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "plumbline.image" -}}
{{- $repo := .image.repository }}
{{- if .root.Values.image.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" .root.Values.image.registry) $repo }}{{ end }}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* Whether the Kafka monitor is deployed. */}}
{{- define "plumbline.monitorEnabled" -}}
{{- if and .Values.monitor.enabled .Values.kafka.bootstrapServers }}true{{ end }}
{{- end }}

{{/* HTTP or HTTPS for probes and scrapes of serving. */}}
{{- define "plumbline.servingScheme" -}}
{{- if .Values.serving.tls.enabled }}HTTPS{{ else }}HTTP{{ end }}
{{- end }}

{{/* An httpGet probe: .probe (values), .port (a named port), .scheme. */}}
{{- define "plumbline.httpProbe" -}}
httpGet:
  path: {{ .probe.path }}
  port: {{ .port }}
  scheme: {{ .scheme }}
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
{{- end }}

{{/* Mistakes the chart can see before Kubernetes does: one message naming the value and a good one. */}}
{{- define "plumbline.validate" -}}
{{- $s := .Values.serving }}
{{- if not (has $s.modelRepository.type (list "image" "s3" "volume")) }}
{{- fail (printf "serving.modelRepository.type '%s' is not one of image, s3, volume (for example: serving.modelRepository.type=s3)" $s.modelRepository.type) }}
{{- end }}
{{- if and (eq $s.modelRepository.type "s3") (not (hasPrefix "s3://" $s.modelRepository.s3.uri)) }}
{{- fail (printf "serving.modelRepository.s3.uri '%s' must be s3://bucket/prefix with modelRepository.type=s3 (for example: s3://models/prod)" $s.modelRepository.s3.uri) }}
{{- end }}
{{- if and (eq $s.modelRepository.type "volume") (empty $s.modelRepository.volume.source) }}
{{- fail "serving.modelRepository.volume.source is empty with modelRepository.type=volume (for example: {persistentVolumeClaim: {claimName: models}})" }}
{{- end }}
{{- if and $s.tls.enabled (not $s.tls.secretName) }}
{{- fail "serving.tls.secretName is empty with serving.tls.enabled=true (a kubernetes.io/tls Secret, for example: plumbline-tls)" }}
{{- end }}
{{- if not (has $s.tls.clientAuth (list "none" "optional" "required")) }}
{{- fail (printf "serving.tls.clientAuth '%s' is not one of none, optional, required" $s.tls.clientAuth) }}
{{- end }}
{{- if and $s.probes.grpc.enabled $s.tls.enabled }}
{{- fail "serving.probes.grpc.enabled=true with serving.tls.enabled=true: Kubernetes' gRPC probes speak plaintext only (keep the HTTP probe: serving.probes.grpc.enabled=false)" }}
{{- end }}
{{- $partitions := int .Values.kafka.partitions }}
{{- if and (include "plumbline.monitorEnabled" .) (gt $partitions 0) (gt (int .Values.monitor.replicas) $partitions) }}
{{- fail (printf "monitor.replicas %d is above kafka.partitions %d: an instance beyond the partition count gets no partition and idles (for example: monitor.replicas=%d)" (int .Values.monitor.replicas) $partitions $partitions) }}
{{- end }}
{{- end }}
