#!/usr/bin/env node
// Checks Cypher statements with Neo4j's own grammar, so that a statement Neo4j would reject fails a test here, where
// no Neo4j server can run. @neo4j-cypher/language-support parses with Neo4j's ANTLR grammar and then runs Neo4j's own
// query frontend (compiled to JavaScript), which reports the server's syntax and semantic errors (e.g. an undefined
// variable) for the Cypher version asked for.
//
// stdin:  a JSON array; each item is a statement string, or {"statement": "...", "parameters": ["name", ...]} to also
//         report a $parameter the statement uses but the request does not send (Neo4j fails such a statement).
// stdout: one JSON object per statement and Cypher version: {"index", "version", "statement", "errors", "warnings"},
//         each diagnostic as {"line", "column", "message"} (1-based line, 0-based column).
// exit:   0 when no statement has an error, 1 when one has, 2 when the input is not such an array.
//
// CommonJS on purpose: the package's ESM build uses extensionless imports that Node cannot resolve.
'use strict';

const { lintCypherQuery } = require('@neo4j-cypher/language-support');

// The Query API runs a statement in the database's default language: Cypher 5 on Neo4j 5 and, by default, on
// Neo4j 2025.x, which can be switched to Cypher 25. A statement must parse in both.
const VERSIONS = ['CYPHER 5', 'CYPHER 25'];
const ERROR = 1; // vscode-languageserver DiagnosticSeverity.Error; 2 (Warning) covers deprecations.

// With no parameter list given, every $name counts as declared: only the grammar is checked.
const anyParameter = new Proxy({}, { get: () => true });

function diagnostic(d) {
  return { line: d.range.start.line + 1, column: d.range.start.character, message: d.message };
}

function check(item, index, version) {
  const statement = typeof item === 'string' ? item : item.statement;
  const parameters = typeof item === 'string' || !Array.isArray(item.parameters)
    ? anyParameter
    : Object.fromEntries(item.parameters.map((name) => [name, true]));
  const diagnostics = lintCypherQuery(statement, { parameters, defaultLanguage: version });
  return {
    index,
    version,
    statement,
    errors: diagnostics.filter((d) => d.severity === ERROR).map(diagnostic),
    warnings: diagnostics.filter((d) => d.severity !== ERROR).map(diagnostic),
  };
}

function valid(items) {
  return Array.isArray(items) && items.every((item) =>
    (typeof item === 'string' && item.length > 0) ||
    (item !== null && typeof item === 'object' && typeof item.statement === 'string' && item.statement.length > 0));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  let items;
  try {
    items = JSON.parse(input);
  } catch (e) {
    process.stderr.write(`check-cypher: stdin is not JSON: ${e.message}\n`);
    process.exit(2);
  }

  if (!valid(items)) {
    process.stderr.write('check-cypher: stdin must be a JSON array of non-empty statements or {"statement", "parameters"} objects\n');
    process.exit(2);
  }

  let failed = false;
  items.forEach((item, index) => {
    for (const version of VERSIONS) {
      const result = check(item, index, version);
      failed ||= result.errors.length > 0;
      process.stdout.write(JSON.stringify(result) + '\n');
    }
  });
  process.exitCode = failed ? 1 : 0;
});
