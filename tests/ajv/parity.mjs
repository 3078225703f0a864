// Ajv's verdicts for the parity tests (tests/test_parity.py): compile every published schema in SCHEMA_DIR with
// Ajv 2020 in strict mode (plus ajv-formats, no other options, as check.mjs does), then read lines of the form
// "<schema file name>\t<JSON document>" on standard input and answer each with one line: "1" valid, "0" invalid,
// "x" not JSON. The answer to a line is written before the next line is read, so one process serves a whole test
// module.
// Usage: node parity.mjs SCHEMA_DIR
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const schemaDir = process.argv[2];
const compiled = {};
for (const name of readdirSync(schemaDir).filter((n) => n.endsWith(".schema.json"))) {
  const ajv = new Ajv2020({ strict: true });
  addFormats(ajv);
  compiled[name] = ajv.compile(JSON.parse(readFileSync(join(schemaDir, name), "utf8")));
}
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const tab = line.indexOf("\t");
  let value;
  try {
    value = JSON.parse(line.slice(tab + 1));
  } catch {
    process.stdout.write("x\n");
    continue;
  }
  process.stdout.write(compiled[line.slice(0, tab)](value) ? "1\n" : "0\n");
}
