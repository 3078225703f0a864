// Compile every published schema with Ajv 2020 in strict mode (plus ajv-formats, no other options) and print,
// as JSON, whether each given document is valid against records.schema.json.
// Usage: node check.mjs SCHEMA_DIR DOCUMENT.json...   (a .jsonl document is checked line by line)
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaDir, ...documents] = process.argv.slice(2);
const compiled = {};
for (const name of readdirSync(schemaDir).filter((n) => n.endsWith(".schema.json")).sort()) {
  const ajv = new Ajv2020({ strict: true });
  addFormats(ajv);
  compiled[name] = ajv.compile(JSON.parse(readFileSync(join(schemaDir, name), "utf8")));
}
const records = compiled["records.schema.json"];
const verdicts = {};
for (const path of documents) {
  const text = readFileSync(path, "utf8");
  const values = path.endsWith(".jsonl") ? text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)) : [JSON.parse(text)];
  verdicts[path] = values.every((value) => records(value));
}
// keys such as "__proto__" and "constructor" in a document must not have reached any prototype
const polluted = Object.prototype.admin !== undefined || {}.constructor !== Object || Object.keys(Object.prototype).length > 0;
console.log(JSON.stringify({ compiled: Object.keys(compiled), verdicts, polluted }));
