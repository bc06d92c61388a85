// Lint Cypher with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support,
// a devDependency in package.json), so a query in docs/ is checked against Neo4j 5 without a Neo4j.
// Usage: node tests/cypher_lint.cjs SCHEMA_JSON FILE...
// Prints one JSON object: file -> [{severity, line, message}]; severity 1 is an error, 2 a warning.
"use strict";

const fs = require("fs");
const { lintCypherQuery } = require("@neo4j-cypher/language-support");

const [schemaJson, ...files] = process.argv.slice(2);
const schema = JSON.parse(schemaJson);
const report = {};
for (const file of files) {
  const result = lintCypherQuery(fs.readFileSync(file, "utf8"), schema);
  const diagnostics = Array.isArray(result) ? result : result.diagnostics;
  report[file] = diagnostics.map((d) => ({ severity: d.severity, line: d.range.start.line + 1, message: d.message }));
}
process.stdout.write(JSON.stringify(report) + "\n");
