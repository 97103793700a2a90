// Unknown-field check (what kubeconform's -strict and the API server's fieldValidation=Strict do): the
// OpenAPI schemas leave additional properties open, so a misspelt or misplaced field ("readinesProbe",
// periodSeconds under httpGet) validates and is then silently dropped by the API server. The field names
// come from the TypeScript declarations the same packages ship: one interface per .d.ts file, properties
// written `"name"?: Type;`, other interfaces referenced through the file's imports.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const MODULES = join(dirname(fileURLToPath(import.meta.url)), "node_modules");
const interfaces = new Map(); // .d.ts path -> type description, or null for a type alias (leaf)

/** The members of an object type body: [{name, optional, type}] and index signatures as name null. */
function members(body) {
  const out = [];
  let i = 0;
  const skip = () => {
    for (;;) {
      while (i < body.length && /\s/.test(body[i])) i++;
      if (body.startsWith("/*", i)) i = body.indexOf("*/", i) + 2;
      else if (body.startsWith("//", i)) i = body.indexOf("\n", i) + 1;
      else return;
    }
  };
  for (skip(); i < body.length; skip()) {
    let name = null;
    if (body[i] === '"') {
      const end = body.indexOf('"', i + 1);
      name = body.slice(i + 1, end);
      i = end + 1;
    } else if (body[i] === "[") {
      i = body.indexOf("]", i) + 1; // [key: string]
    } else {
      throw new Error(`cannot read a member at: ${body.slice(i, i + 60)}`);
    }
    if (body[i] === "?") i++;
    if (body[i] !== ":") throw new Error(`no ':' after member ${name}`);
    i++;
    let depth = 0;
    const start = i;
    for (; i < body.length; i++) {
      const c = body[i];
      if (c === '"') i = body.indexOf('"', i + 1);
      else if ("{<([".includes(c)) depth++;
      else if ("}>)]".includes(c)) depth--;
      else if (c === ";" && depth === 0) break;
    }
    out.push({ name, type: body.slice(start, i).trim() });
    i++;
  }
  return out;
}

function describe(type, imports) {
  if (type.startsWith("Array<") && type.endsWith(">")) {
    return { array: describe(type.slice(6, -1).trim(), imports) };
  }
  if (type.startsWith("{") && type.endsWith("}")) {
    return objectType(type.slice(1, -1), imports);
  }
  if (/^I\w+$/.test(type) && imports.has(type)) {
    return { ref: imports.get(type) };
  }
  return { leaf: true };
}

function objectType(body, imports) {
  const fields = new Map();
  let index = null;
  for (const m of members(body)) {
    if (m.name === null) index = describe(m.type, imports);
    else fields.set(m.name, describe(m.type, imports));
  }
  return { fields, index };
}

function load(file) {
  if (interfaces.has(file)) return interfaces.get(file);
  let result = null;
  if (existsSync(file)) {
    const text = readFileSync(file, "utf8");
    const imports = new Map();
    for (const [, names, from] of text.matchAll(/import \{([^}]*)\} from "([^"]+)";/g)) {
      const target = from.startsWith(".") ? join(dirname(file), from.replace(/\.js$/, ".d.ts")) : join(MODULES, `${from}.d.ts`);
      for (const n of names.split(",")) imports.set(n.trim(), target);
    }
    const head = text.match(/^export interface \w+(?: extends ([\w, ]+))? \{$/m);
    if (head) {
      const open = text.indexOf("{", head.index);
      const close = text.indexOf("\n}\n", open);
      interfaces.set(file, null); // a self-reference resolves to a leaf, not a loop
      result = objectType(text.slice(open + 1, close + 1), imports);
      // `extends` (an allOf in the schema): the base's fields belong to this type too.
      for (const base of (head[1] ?? "").split(",").map((b) => b.trim()).filter((b) => imports.has(b))) {
        const inherited = load(imports.get(base));
        inherited?.fields.forEach((t, n) => { if (!result.fields.has(n)) result.fields.set(n, t); });
      }
    }
  }
  interfaces.set(file, result);
  return result;
}

function check(value, type, path, errors) {
  if (type.leaf || value === null || value === undefined) return;
  if (type.array) {
    if (Array.isArray(value)) value.forEach((v, i) => check(v, type.array, `${path}[${i}]`, errors));
    return;
  }
  const object = type.ref ? load(type.ref) : type;
  if (!object || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const field = object.fields.get(key) ?? object.index;
    if (field) check(v, field, path ? `${path}.${key}` : key, errors);
    else errors.push(`${path ? `${path}.${key}` : key}: unknown field`);
  }
}

/** Unknown fields of an object whose model is declared in <modulePath>/<kind>.d.ts. */
export function unknownFields(modulePath, kind, object) {
  const root = join(MODULES, `${modulePath}/${kind}.d.ts`);
  if (!load(root)) return [`no declaration of ${kind} in ${modulePath}`];
  const errors = [];
  check(object, { ref: root }, "", errors);
  return errors;
}
