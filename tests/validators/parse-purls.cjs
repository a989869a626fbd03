#!/usr/bin/env node
// Parses each purl given as an argument with packageurl-js (an independent implementation of the purl spec) and
// prints one JSON line per purl: {"purl", "type", "namespace", "name", "version", "qualifiers", "subpath"} or {"purl", "error"}.
// Used by the C# tests to cross-check the purls they build. Exit: 0 when every purl parsed, 1 otherwise, 2 setup error.
'use strict';
let PackageURL;
try { ({ PackageURL } = require('packageurl-js')); } catch (e) { console.log(`SETUP ERROR: ${e.message}; run: npm ci --prefix tests/validators`); process.exit(2); }
let status = 0;
for (const purl of process.argv.slice(2)) {
  try {
    const p = PackageURL.fromString(purl);
    console.log(JSON.stringify({ purl, type: p.type, namespace: p.namespace ?? null, name: p.name, version: p.version ?? null, qualifiers: p.qualifiers ?? null, subpath: p.subpath ?? null }));
  } catch (e) {
    status = 1;
    console.log(JSON.stringify({ purl, error: e.message }));
  }
}
process.exit(status);
