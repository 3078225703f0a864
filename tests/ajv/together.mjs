// Load every published schema file under a folder (recursively) into ONE Ajv 2020 instance in strict mode (plus
// ajv-formats, no other options), then compile each by its $id, and print, as JSON, the $ids compiled.
// Two files with one $id, or a file Ajv strict refuses, make this exit non-zero.
// Usage: node together.mjs SITE_DIR
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith(".schema.json")) yield path;
  }
}

const [siteDir] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true });
addFormats(ajv);
const ids = {};
for (const path of walk(siteDir)) {
  const schema = JSON.parse(readFileSync(path, "utf8"));
  ajv.addSchema(schema); // throws on a second schema with the same $id
  ids[schema.$id] = path.slice(siteDir.length + 1);
}
const compiled = Object.keys(ids).filter((id) => typeof ajv.getSchema(id) === "function");
console.log(JSON.stringify({ ids, compiled }));
