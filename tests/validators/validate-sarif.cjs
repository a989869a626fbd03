#!/usr/bin/env node
// Validates a SARIF log against the official SARIF 2.1.0 JSON schema (schemas/sarif-schema-2.1.0.json: OASIS
// oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json, sha256 pinned below; a draft-04 schema, so ajv-draft-04)
// with every error listed, then checks what GitHub code scanning documents that it requires or uses
// (docs.github.com "SARIF support for code scanning"; "Uploading a SARIF file to GitHub" for the limits):
//   - version "2.1.0" and $schema present; at most 20 runs; tool.driver.name;
//   - every rule: id, shortDescription.text, fullDescription.text, help.text, at most 20 tags, "security" among the
//     tags when security-severity is given, security-severity a number string in 0.0..10.0, precision one of
//     very-high/high/medium/low;
//   - every result: ruleId naming a rule, ruleIndex pointing at that same rule, level none/note/warning/error,
//     message.text, 1..1000 locations each with physicalLocation.artifactLocation.uri and region.startLine >= 1,
//     partialFingerprints present (values strings), suppressions of kind inSource/external;
//   - at most 25,000 results and 25,000 rules per run.
// Usage: node validate-sarif.cjs FILE
// Prints one verdict line (VALID/INVALID ...), then the problems. Exit: 0 valid, 1 invalid, 2 usage or setup error.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const SCHEMA = path.join(__dirname, 'schemas', 'sarif-schema-2.1.0.json');
const SCHEMA_SHA256 = 'c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e';

function fail(code, message) { console.log(message); process.exit(code); }

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith('--')) fail(2, 'usage: validate-sarif.cjs FILE');
const file = args[0];

let Ajv04; let addFormats;
try {
  Ajv04 = require('ajv-draft-04');
  addFormats = require('ajv-formats').default;
} catch (e) {
  fail(2, `SETUP ERROR: ${e.message}; run: npm ci --prefix tests/validators`);
}

const schemaBytes = fs.readFileSync(SCHEMA);
const actual = crypto.createHash('sha256').update(schemaBytes).digest('hex');
if (actual !== SCHEMA_SHA256) fail(2, `SETUP ERROR: ${SCHEMA} has sha256 ${actual}, expected ${SCHEMA_SHA256}`);

let doc;
try { doc = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { fail(1, `INVALID ${file}: not readable JSON (${e.message})`); }

const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(schemaBytes.toString('utf8')));
const problems = [];
if (!validate(doc)) {
  for (const e of validate.errors) {
    const extra = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
    problems.push(`schema ${e.instancePath || '/'}: ${e.message}${extra}`);
  }
}

const github = (where, message) => problems.push(`github ${where}: ${message}`);
const text = (o) => o && typeof o.text === 'string' && o.text.length > 0;
if (doc.version !== '2.1.0') github('/version', `is ${JSON.stringify(doc.version)}, must be "2.1.0"`);
if (typeof doc.$schema !== 'string') github('/$schema', 'is missing');
const runs = Array.isArray(doc.runs) ? doc.runs : [];
if (runs.length === 0) github('/runs', 'has no run');
if (runs.length > 20) github('/runs', `has ${runs.length} runs, GitHub takes at most 20`);
runs.forEach((run, r) => {
  const driver = run && run.tool && run.tool.driver;
  if (!driver || typeof driver.name !== 'string' || driver.name.length === 0) github(`/runs/${r}/tool/driver/name`, 'is missing');
  const rules = (driver && Array.isArray(driver.rules)) ? driver.rules : [];
  const results = Array.isArray(run.results) ? run.results : [];
  if (rules.length > 25000) github(`/runs/${r}/tool/driver/rules`, `has ${rules.length} rules, GitHub takes at most 25,000`);
  if (results.length > 25000) github(`/runs/${r}/results`, `has ${results.length} results, GitHub takes at most 25,000`);
  const ids = new Map();
  rules.forEach((rule, i) => {
    const where = `/runs/${r}/tool/driver/rules/${i}`;
    if (typeof rule.id !== 'string' || rule.id.length === 0) github(`${where}/id`, 'is missing');
    else if (ids.has(rule.id)) github(`${where}/id`, `duplicates rule ${ids.get(rule.id)}`);
    else ids.set(rule.id, i);
    if (!text(rule.shortDescription)) github(`${where}/shortDescription/text`, 'is missing');
    if (!text(rule.fullDescription)) github(`${where}/fullDescription/text`, 'is missing');
    if (!text(rule.help)) github(`${where}/help/text`, 'is missing');
    const props = rule.properties || {};
    const tags = Array.isArray(props.tags) ? props.tags : [];
    if (tags.length > 20) github(`${where}/properties/tags`, `has ${tags.length} tags, GitHub takes at most 20`);
    if (props['security-severity'] !== undefined) {
      const s = props['security-severity'];
      if (typeof s !== 'string' || !/^\d+(\.\d+)?$/.test(s) || Number(s) < 0 || Number(s) > 10) github(`${where}/properties/security-severity`, `${JSON.stringify(s)} is not a number string in 0.0..10.0`);
      if (!tags.includes('security')) github(`${where}/properties/tags`, 'lacks "security", so GitHub ignores security-severity');
    }
    if (props.precision !== undefined && !['very-high', 'high', 'medium', 'low'].includes(props.precision)) github(`${where}/properties/precision`, `${JSON.stringify(props.precision)} is not very-high, high, medium or low`);
  });
  results.forEach((result, i) => {
    const where = `/runs/${r}/results/${i}`;
    if (typeof result.ruleId !== 'string' || !ids.has(result.ruleId)) github(`${where}/ruleId`, `${JSON.stringify(result.ruleId)} names no rule`);
    else if (result.ruleIndex !== undefined && result.ruleIndex !== ids.get(result.ruleId)) github(`${where}/ruleIndex`, `${result.ruleIndex} is not the index of rule ${result.ruleId} (${ids.get(result.ruleId)})`);
    if (result.level !== undefined && !['none', 'note', 'warning', 'error'].includes(result.level)) github(`${where}/level`, `${JSON.stringify(result.level)} is not none/note/warning/error`);
    if (!text(result.message)) github(`${where}/message/text`, 'is missing');
    const locations = Array.isArray(result.locations) ? result.locations : [];
    if (locations.length === 0) github(`${where}/locations`, 'is empty: GitHub needs a location to show an alert');
    if (locations.length > 1000) github(`${where}/locations`, `has ${locations.length} locations, GitHub takes at most 1,000`);
    locations.forEach((loc, j) => {
      const physical = loc && loc.physicalLocation;
      if (!physical || !physical.artifactLocation || typeof physical.artifactLocation.uri !== 'string' || physical.artifactLocation.uri.length === 0) github(`${where}/locations/${j}/physicalLocation/artifactLocation/uri`, 'is missing');
      if (!physical || !physical.region || !Number.isInteger(physical.region.startLine) || physical.region.startLine < 1) github(`${where}/locations/${j}/physicalLocation/region/startLine`, 'is missing or below 1');
    });
    const fingerprints = result.partialFingerprints;
    if (!fingerprints || typeof fingerprints !== 'object' || Object.keys(fingerprints).length === 0) github(`${where}/partialFingerprints`, 'is missing: without it GitHub cannot track an alert across uploads made through the API');
    else for (const [k, v] of Object.entries(fingerprints)) if (typeof v !== 'string' || v.length === 0) github(`${where}/partialFingerprints/${k}`, 'is not a non-empty string');
    (result.suppressions || []).forEach((s, j) => {
      if (!['inSource', 'external'].includes(s.kind)) github(`${where}/suppressions/${j}/kind`, `${JSON.stringify(s.kind)} is not inSource or external`);
    });
  });
});

const how = `SARIF 2.1.0 JSON schema (${path.basename(SCHEMA)}, sha256-pinned) + GitHub code scanning requirements`;
if (problems.length === 0) fail(0, `VALID ${file}: ${how}`);
console.log(`INVALID ${file}: ${how}: ${problems.length} problem(s)`);
for (const p of problems.slice(0, 50)) console.log(`  ${p}`);
if (problems.length > 50) console.log(`  ... ${problems.length - 50} more`);
process.exit(1);
