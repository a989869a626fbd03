#!/usr/bin/env node
// Validates a CycloneDX JSON document against the official JSON schema of its own specVersion, as shipped by
// @cyclonedx/cyclonedx-library (strict schema, offline: remote schema loading is disabled), with every error listed.
// Also checks what the schema cannot: bom-refs are unique, every dependency ref names a bom-ref, and every purl
// parses with packageurl-js.
// Usage: node validate-cyclonedx.cjs FILE [--expect-spec X.Y]
// Prints one verdict line (VALID/INVALID ...), then the problems. Exit: 0 valid, 1 invalid, 2 usage or setup error.
'use strict';
const fs = require('node:fs');

function fail(code, message) { console.log(message); process.exit(code); }

const args = process.argv.slice(2);
let file; let expectSpec;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--expect-spec') expectSpec = args[++i];
  else if (args[i].startsWith('--')) fail(2, `usage: validate-cyclonedx.cjs FILE [--expect-spec X.Y] (unknown option ${args[i]})`);
  else if (file === undefined) file = args[i];
  else fail(2, 'usage: validate-cyclonedx.cjs FILE [--expect-spec X.Y]');
}
if (!file) fail(2, 'usage: validate-cyclonedx.cjs FILE [--expect-spec X.Y]');

let CDX; let Ajv; let addFormats; let addFormats2019;
try {
  CDX = require('@cyclonedx/cyclonedx-library');
  Ajv = require('ajv').default;
  addFormats = require('ajv-formats').default;
  addFormats2019 = require('ajv-formats-draft2019');
} catch (e) {
  fail(2, `SETUP ERROR: ${e.message}; run: npm ci --prefix tests/validators`);
}
const libVersion = require('@cyclonedx/cyclonedx-library/package.json').version;

let doc;
try { doc = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { fail(1, `INVALID ${file}: not readable JSON (${e.message})`); }
if (!doc || typeof doc !== 'object' || doc.bomFormat !== 'CycloneDX') fail(1, `INVALID ${file}: bomFormat is not "CycloneDX"`);
const spec = doc.specVersion;
if (expectSpec && spec !== expectSpec) fail(1, `INVALID ${file}: specVersion ${JSON.stringify(spec)}, expected ${expectSpec}`);

const files = CDX._Resources.FILES;
const schemaFile = files.CDX.JSON_STRICT_SCHEMA[spec];
if (!schemaFile) fail(1, `INVALID ${file}: no JSON schema for CycloneDX ${JSON.stringify(spec)} in cyclonedx-library ${libVersion}`);
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
// The library's own validator options (JsonStrictValidator), plus allErrors so that every problem is listed.
const ajv = new Ajv({
  useDefaults: false, strict: false, strictSchema: false, addUsedSchema: false, allErrors: true,
  loadSchema: (uri) => { throw new Error(`remote schemas are disabled: ${uri}`); },
  schemas: {
    'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': read(files.SPDX.JSON_SCHEMA),
    'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json': read(files.CryptoDefs.JSON_SCHEMA),
    'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': read(files.JSF.JSON_SCHEMA),
  },
});
addFormats(ajv);
addFormats2019(ajv, { formats: ['idn-email'] });
ajv.addFormat('iri-reference', true);
const validate = ajv.compile(read(schemaFile));

const problems = [];
if (!validate(doc)) {
  for (const e of validate.errors) {
    const extra = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
    problems.push(`schema ${e.instancePath || '/'}: ${e.message}${extra}`);
  }
}

// Every purl must parse with packageurl-js (an independent purl implementation).
const { PackageURL } = require('packageurl-js');
const checkPurl = (purl, where) => {
  if (purl === undefined) return;
  try { PackageURL.fromString(purl); } catch (e) { problems.push(`purl ${where}: ${JSON.stringify(purl)} does not parse (${e.message})`); }
};
if (doc.metadata && doc.metadata.component) checkPurl(doc.metadata.component.purl, '/metadata/component/purl');
(doc.components || []).forEach((c, i) => checkPurl(c && c.purl, `/components/${i}/purl`));

const refs = new Map();
const noteRef = (ref, where) => {
  if (typeof ref !== 'string') return;
  if (refs.has(ref)) problems.push(`bom-ref ${where}: duplicate ${ref} (also ${refs.get(ref)})`);
  else refs.set(ref, where);
};
if (doc.metadata && doc.metadata.component) noteRef(doc.metadata.component['bom-ref'], '/metadata/component');
(doc.components || []).forEach((c, i) => noteRef(c && c['bom-ref'], `/components/${i}`));
(doc.dependencies || []).forEach((d, i) => {
  if (!refs.has(d.ref)) problems.push(`dependency /dependencies/${i}/ref: unknown bom-ref ${d.ref}`);
  (d.dependsOn || []).forEach((r, j) => { if (!refs.has(r)) problems.push(`dependency /dependencies/${i}/dependsOn/${j}: unknown bom-ref ${r}`); });
});

(async () => {
  // The library's own validator too, so the verdict never depends on our ajv set-up alone.
  const libraryErrors = await new CDX.Validation.JsonStrictValidator(spec).validate(JSON.stringify(doc));
  if (libraryErrors !== null && problems.length === 0) problems.push(`library validator: ${JSON.stringify(libraryErrors).slice(0, 500)}`);
  const how = `CycloneDX ${spec} JSON schema (cyclonedx-library ${libVersion}, strict) + bom-ref and purl checks`;
  if (problems.length === 0) fail(0, `VALID ${file}: ${how}`);
  console.log(`INVALID ${file}: ${how}: ${problems.length} problem(s)`);
  for (const p of problems.slice(0, 50)) console.log(`  ${p}`);
  if (problems.length > 50) console.log(`  ... ${problems.length - 50} more`);
  process.exit(1);
})().catch((e) => fail(2, `SETUP ERROR: ${e && e.message}`));
