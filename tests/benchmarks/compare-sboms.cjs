#!/usr/bin/env node
// Compares two CycloneDX SBOMs by package identity (purl type, name, version; qualifiers and encoding ignored).
//   node compare-sboms.cjs OURS.json THEIRS.json [--require-superset]
// Prints what both find and what each finds alone. cdxgen/trivy list Debian source packages as components of their
// own; ours record them as sc:dpkg:source on the binary packages, so those are reported as "source package".
// With --require-superset, exits 1 when THEIRS has a package OURS lacks that is not explained that way.
'use strict';
const fs = require('node:fs');
const [oursPath, theirsPath, flag] = process.argv.slice(2);
if (!oursPath || !theirsPath) { console.error('usage: compare-sboms.cjs OURS.json THEIRS.json [--require-superset]'); process.exit(2); }

function key(component) {
  const purl = component.purl;
  if (!purl) return `${component.type}/${component.name}@${component.version || ''}`;
  const [body] = purl.split(/[?#]/);
  const match = /^pkg:([^/]+)\/(.*)@(.*)$/.exec(decodeURIComponent(body));
  if (!match) return decodeURIComponent(body);
  const name = match[2].split('/').pop();
  return `${match[1]}/${name.toLowerCase()}@${match[3].replace(/^v/, '')}`;
}

function components(path) {
  const doc = JSON.parse(fs.readFileSync(path, 'utf8'));
  return (doc.components || []).filter((c) => c.type !== 'operating-system');
}

const ours = components(oursPath);
const theirs = components(theirsPath);
const oursKeys = new Set(ours.map(key));
const theirsKeys = new Set(theirs.map(key));
const sources = new Set(ours.flatMap((c) => {
  const props = Object.fromEntries((c.properties || []).map((p) => [p.name, p.value]));
  return props['sc:dpkg:source'] ? [`deb/${props['sc:dpkg:source'].toLowerCase()}@${props['sc:dpkg:source-version'] || c.version}`] : [];
}));

const both = [...oursKeys].filter((k) => theirsKeys.has(k));
const theirsOnly = [...theirsKeys].filter((k) => !oursKeys.has(k)).sort();
const oursOnly = [...oursKeys].filter((k) => !theirsKeys.has(k)).sort();
const explained = (k) => (sources.has(k) ? 'source package (ours: sc:dpkg:source on its binaries)' : null);

console.log(`ours: ${oursKeys.size} packages, theirs: ${theirsKeys.size}, both: ${both.length}`);
const unexplained = [];
const byReason = {};
for (const k of theirsOnly) {
  const reason = explained(k);
  if (reason) byReason[reason] = (byReason[reason] || 0) + 1; else unexplained.push(k);
}
for (const [reason, count] of Object.entries(byReason)) console.log(`theirs only, ${reason}: ${count}`);
console.log(`theirs only, not explained: ${unexplained.length}${unexplained.length ? '\n  ' + unexplained.join('\n  ') : ''}`);
console.log(`ours only: ${oursOnly.length}${oursOnly.length ? '\n  ' + oursOnly.slice(0, 50).join('\n  ') + (oursOnly.length > 50 ? '\n  …' : '') : ''}`);
if (flag === '--require-superset' && unexplained.length) process.exit(1);
