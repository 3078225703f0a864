// Generate TypeScript types from the published record schema with json-schema-to-typescript, then type-check,
// with `tsc --strict --noEmit`, a file that assigns every given record (JSON: one record, an array or the envelope;
// JSONL: one per line) to the generated `Record` type, as object literals (so an unknown key is an error too).
// Usage: node typescript.mjs SCHEMA OUT_DIR DOCUMENT...
// Prints {"records": N, "types_bytes": N, "errors": [tsc's error lines]} and exits 0 only when tsc passes.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const [schemaPath, outDir, ...documents] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const types = await compile(schema, "Record", {
  bannerComment: "// Generated from the published record schema by json-schema-to-typescript; do not edit.",
  additionalProperties: false,
  strictIndexSignatures: true,
  unreachableDefinitions: false,
  format: false,
});
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "record.d.ts"), types);

const records = [];
for (const path of documents) {
  const text = readFileSync(path, "utf8");
  if (path.endsWith(".jsonl") || path.endsWith(".ndjson")) {
    for (const line of text.split("\n")) if (line.trim()) records.push(JSON.parse(line));
  } else {
    const value = JSON.parse(text);
    if (Array.isArray(value)) records.push(...value);
    else if (value.records && !value.record_type) records.push(...value.records);
    else records.push(value);
  }
}
const lines = ['import type { Record } from "./record";', ""];
records.forEach((record, index) => lines.push(`export const r${index}: Record = ${JSON.stringify(record)};`));
writeFileSync(join(outDir, "records.ts"), lines.join("\n") + "\n");

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(here, "node_modules", "typescript", "bin", "tsc");
let errors = [];
try {
  execFileSync(process.execPath, [tsc, "--strict", "--noEmit", "--skipLibCheck", "--target", "es2022",
    "--module", "es2022", "--moduleResolution", "bundler", join(outDir, "records.ts")], { encoding: "utf8" });
} catch (failure) {
  errors = `${failure.stdout ?? ""}${failure.stderr ?? ""}`.split("\n").filter((l) => l.trim());
}
console.log(JSON.stringify({ records: records.length, types_bytes: types.length, errors }));
process.exit(errors.length ? 1 : 0);
