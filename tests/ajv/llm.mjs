// Compile every file of the LLM profile with Ajv 2020 in strict mode (no other options: the profile has no
// formats) and print, as JSON, the files compiled and whether each document is valid against its schema.
// Usage: node llm.mjs SCHEMA_DIR [SCHEMA_FILE=DOCUMENT.json]...
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

const [schemaDir, ...checks] = process.argv.slice(2);
const compiled = {};
for (const name of readdirSync(schemaDir).filter((n) => n.endsWith(".schema.json")).sort()) {
  const ajv = new Ajv2020({ strict: true });
  compiled[name] = ajv.compile(JSON.parse(readFileSync(join(schemaDir, name), "utf8")));
}
const verdicts = {};
for (const check of checks) {
  const at = check.indexOf("=");
  const [name, path] = [check.slice(0, at), check.slice(at + 1)];
  const validate = compiled[name];
  verdicts[check] = validate(JSON.parse(readFileSync(path, "utf8"))) ? true : validate.errors.slice(0, 3);
}
console.log(JSON.stringify({ compiled: Object.keys(compiled), verdicts }));
