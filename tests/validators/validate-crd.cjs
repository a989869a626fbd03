#!/usr/bin/env node
// Validates a Kubernetes custom resource (as JSON) against its CRD's published OpenAPI v3 schema, kept in schemas/:
//   policy.sigstore.dev_v1beta1_clusterimagepolicy.json  sigstore/policy-controller config/300-clusterimagepolicy.yaml
//                                                         (commit f925c0c1a412910787a7f045581fa9d5ed09a20a), version v1beta1
//   kyverno.io_v1_clusterpolicy.json                      kyverno/kyverno config/crds/kyverno/kyverno.io_clusterpolicies.yaml
//                                                         (commit 111e07bbecc66abfde36ab99969af22d7a961003), version v1
// (each file is that version's spec.versions[].schema.openAPIV3Schema, unchanged, as JSON).
// The API server prunes fields a structural schema does not know; we are stricter and reject them, so a misspelt
// field fails here instead of vanishing in the cluster: every object schema with `properties` and without
// x-kubernetes-preserve-unknown-fields gets additionalProperties: false. x-kubernetes-int-or-string is honoured, and
// the root accepts apiVersion, kind and metadata as the API server does.
// Usage: node validate-crd.cjs SCHEMA.json RESOURCE.json
// Prints VALID or INVALID and the problems. Exit: 0 valid, 1 invalid, 2 usage or setup error.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function fail(code, message) { console.log(message); process.exit(code); }
const args = process.argv.slice(2);
if (args.length !== 2) fail(2, 'usage: validate-crd.cjs SCHEMA.json RESOURCE.json');

let Ajv;
try { Ajv = require('ajv').default; } catch (e) { fail(2, `SETUP ERROR: ${e.message}; run: npm ci --prefix tests/validators`); }

function strict(node) {
  if (Array.isArray(node)) { node.forEach(strict); return node; }
  if (node === null || typeof node !== 'object') return node;
  for (const value of Object.values(node)) strict(value);
  if (node['x-kubernetes-int-or-string'] === true) {
    delete node.type;
    node.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node.properties && node['x-kubernetes-preserve-unknown-fields'] !== true && node.additionalProperties === undefined) {
    node.additionalProperties = false;
  }
  for (const key of Object.keys(node)) if (key.startsWith('x-kubernetes-')) delete node[key];
  return node;
}

const schemaFile = path.isAbsolute(args[0]) ? args[0] : path.join(__dirname, 'schemas', args[0]);
const schema = strict(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
// Every Kubernetes object has these at its root, whether the CRD's schema lists them or not.
schema.properties = Object.assign({ apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } }, schema.properties);
const resource = JSON.parse(fs.readFileSync(args[1], 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validate = ajv.compile(schema);
if (validate(resource)) { console.log('VALID'); process.exit(0); }
console.log('INVALID');
for (const error of validate.errors) console.log(`${error.instancePath || '/'} ${error.message}${error.params && error.params.additionalProperty ? `: ${error.params.additionalProperty}` : ''}`);
process.exit(1);
