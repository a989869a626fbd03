#!/usr/bin/env node
// Validates an SPDX 2.3 JSON document: the official SPDX 2.3 JSON schema (schemas/spdx-2.3.schema.json, from the
// spdx/spdx-spec repository at tag v2.3, sha256 pinned below) with ajv, offline, plus the spec rules the schema does
// not encode: spdxVersion, dataLicense, document SPDXID, documentNamespace an absolute URI without '#', SPDXID syntax
// and uniqueness, every relationship end and documentDescribes entry exists, the document DESCRIBES something,
// license fields are SPDX expressions (spdx-expression-parse) or NONE/NOASSERTION, purl locators parse (packageurl-js),
// checksum lengths, creator prefixes.
// Usage: node validate-spdx.cjs FILE
// Prints one verdict line (VALID/INVALID ...), then the problems. Exit: 0 valid, 1 invalid, 2 usage or setup error.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const SCHEMA = path.join(__dirname, 'schemas', 'spdx-2.3.schema.json');
const SCHEMA_SHA256 = '239208b7ac287b3cf5d9a9af23f9d69863971102a5e1587a27a398b43490b89b';

function fail(code, message) { console.log(message); process.exit(code); }

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith('--')) fail(2, 'usage: validate-spdx.cjs FILE');
const file = args[0];

let Ajv; let parseExpression; let PackageURL;
try {
  Ajv = require('ajv').default;
  parseExpression = require('spdx-expression-parse');
  ({ PackageURL } = require('packageurl-js'));
} catch (e) {
  fail(2, `SETUP ERROR: ${e.message}; run: npm ci --prefix tests/validators`);
}
const schemaBytes = fs.readFileSync(SCHEMA);
const actual = crypto.createHash('sha256').update(schemaBytes).digest('hex');
if (actual !== SCHEMA_SHA256) fail(2, `SETUP ERROR: ${SCHEMA} has sha256 ${actual}, expected ${SCHEMA_SHA256}`);

let doc;
try { doc = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { fail(1, `INVALID ${file}: not readable JSON (${e.message})`); }
if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail(1, `INVALID ${file}: not a JSON object`);

const ajv = new Ajv({ strict: false, allErrors: true, loadSchema: (u) => { throw new Error(`remote schemas are disabled: ${u}`); } });
const validate = ajv.compile(JSON.parse(schemaBytes.toString('utf8')));
const problems = [];
if (!validate(doc)) {
  for (const e of validate.errors) {
    const extra = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
    problems.push(`schema ${e.instancePath || '/'}: ${e.message}${extra}`);
  }
}

const p = (m) => problems.push(`semantic ${m}`);
if (doc.spdxVersion !== 'SPDX-2.3') p(`/spdxVersion: ${JSON.stringify(doc.spdxVersion)} is not "SPDX-2.3"`);
if (doc.dataLicense !== 'CC0-1.0') p(`/dataLicense: ${JSON.stringify(doc.dataLicense)} is not "CC0-1.0"`);
if (doc.SPDXID !== 'SPDXRef-DOCUMENT') p(`/SPDXID: ${JSON.stringify(doc.SPDXID)} is not "SPDXRef-DOCUMENT"`);
let namespaceOk = false;
try { namespaceOk = typeof doc.documentNamespace === 'string' && !!new URL(doc.documentNamespace).protocol && !doc.documentNamespace.includes('#'); } catch { /* not a URL */ }
if (!namespaceOk) p(`/documentNamespace: ${JSON.stringify(doc.documentNamespace)} is not an absolute URI without '#'`);

const ids = new Map();
const idPattern = /^SPDXRef-[A-Za-z0-9.-]+$/;
const note = (id, where) => {
  if (typeof id !== 'string') return;
  if (!idPattern.test(id)) p(`${where}/SPDXID: bad syntax ${JSON.stringify(id)}`);
  if (ids.has(id)) p(`${where}/SPDXID: duplicate ${id} (also ${ids.get(id)})`); else ids.set(id, where);
};
note(doc.SPDXID, '');
for (const kind of ['packages', 'files', 'snippets']) (doc[kind] || []).forEach((x, i) => note(x && x.SPDXID, `/${kind}/${i}`));
const exists = (id, where) => {
  if (typeof id !== 'string' || id === 'NONE' || id === 'NOASSERTION') return;
  if (/^DocumentRef-[A-Za-z0-9.-]+:SPDXRef-[A-Za-z0-9.-]+$/.test(id)) return;
  if (!ids.has(id)) p(`${where}: no element ${id}`);
};
const relationships = doc.relationships || [];
relationships.forEach((r, i) => { exists(r.spdxElementId, `/relationships/${i}/spdxElementId`); exists(r.relatedSpdxElement, `/relationships/${i}/relatedSpdxElement`); });
(doc.documentDescribes || []).forEach((id, i) => exists(id, `/documentDescribes/${i}`));
const describes = relationships.some((r) => r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES')
  || (doc.documentDescribes || []).length > 0;
if (!describes) p('/: the document neither has documentDescribes nor a DESCRIBES relationship');

const license = (value, where) => {
  if (value === undefined || value === 'NONE' || value === 'NOASSERTION') return;
  try { parseExpression(value); } catch (e) { p(`${where}: ${JSON.stringify(value)} is not an SPDX license expression (${e.message})`); }
};
const hexLength = { SHA1: 40, SHA224: 56, SHA256: 64, SHA384: 96, SHA512: 128, MD5: 32, 'SHA3-256': 64, 'SHA3-384': 96, 'SHA3-512': 128, 'BLAKE2b-256': 64, 'BLAKE2b-384': 96, 'BLAKE2b-512': 128 };
(doc.packages || []).forEach((pkg, i) => {
  license(pkg.licenseConcluded, `/packages/${i}/licenseConcluded`);
  license(pkg.licenseDeclared, `/packages/${i}/licenseDeclared`);
  (pkg.checksums || []).forEach((c, j) => {
    const n = hexLength[c.algorithm];
    if (n && !new RegExp(`^[0-9a-f]{${n}}$`).test(c.checksumValue)) p(`/packages/${i}/checksums/${j}: ${c.algorithm} needs ${n} lowercase hex characters`);
  });
  (pkg.externalRefs || []).forEach((ref, j) => {
    if (ref.referenceType !== 'purl') return;
    if (ref.referenceCategory !== 'PACKAGE-MANAGER') p(`/packages/${i}/externalRefs/${j}: a purl belongs to PACKAGE-MANAGER, not ${ref.referenceCategory}`);
    try { PackageURL.fromString(ref.referenceLocator); } catch (e) { p(`/packages/${i}/externalRefs/${j}: ${JSON.stringify(ref.referenceLocator)} is not a purl (${e.message})`); }
  });
});
((doc.creationInfo || {}).creators || []).forEach((c, i) => { if (!/^(Tool|Organization|Person): ?\S/.test(c)) p(`/creationInfo/creators/${i}: must start with Tool:, Organization: or Person:`); });

const how = 'SPDX 2.3 JSON schema (ajv ' + require('ajv/package.json').version + ') + semantic checks';
if (problems.length === 0) fail(0, `VALID ${file}: ${how}`);
console.log(`INVALID ${file}: ${how}: ${problems.length} problem(s)`);
for (const m of problems.slice(0, 50)) console.log(`  ${m}`);
if (problems.length > 50) console.log(`  ... ${problems.length - 50} more`);
process.exit(1);
