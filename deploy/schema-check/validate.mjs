// Validates Kubernetes objects against the OpenAPI schemas of the Kubernetes release that
// kubernetes-models was generated from, and Prometheus Operator objects against theirs
// (@kubernetes-models/prometheus-operator), then refuses fields neither declares (known-fields.mjs).
// Versions: package-lock.json.
//
// Usage: node validate.mjs objects.json   (a JSON array of objects, e.g. helm template's output as JSON)
// Prints one JSON line per object: {"apiVersion", "kind", "name", "valid", "errors"}; exits 1 when any
// object is invalid or of a kind no package describes, 2 on a usage error.
import { readFileSync } from "node:fs";
import { unknownFields } from "./known-fields.mjs";

const PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator/monitoring.coreos.com",
};

function modulePath(apiVersion) {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) return `kubernetes-models/${apiVersion}`; // the core group: v1
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return `${PACKAGES[group] ?? `kubernetes-models/${group}`}/${version}`;
}

async function check(object) {
  const { apiVersion = "", kind = "" } = object;
  const name = object.metadata?.name ?? "";
  let models;
  try {
    models = await import(modulePath(apiVersion));
  } catch (e) {
    return { apiVersion, kind, name, valid: false, errors: [`no schema for apiVersion ${apiVersion}`] };
  }
  const Model = models[kind];
  if (typeof Model !== "function" || !Model.is(object)) {
    return { apiVersion, kind, name, valid: false, errors: [`no schema for ${apiVersion} ${kind}`] };
  }
  try {
    new Model(object).validate();
    const unknown = unknownFields(modulePath(apiVersion), kind, object);
    return { apiVersion, kind, name, valid: unknown.length === 0, errors: unknown };
  } catch (e) {
    const errors = (e.errors ?? [{ message: String(e) }])
      .map((x) => `${x.instancePath ?? ""} ${x.message ?? ""} ${x.params ? JSON.stringify(x.params) : ""}`.trim());
    return { apiVersion, kind, name, valid: false, errors };
  }
}

if (process.argv.length !== 3) {
  console.error("usage: node validate.mjs objects.json");
  process.exit(2);
}
const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = 0;
for (const object of objects) {
  const result = await check(object);
  if (!result.valid) failed++;
  console.log(JSON.stringify(result));
}
process.exit(failed === 0 ? 0 : 1);
