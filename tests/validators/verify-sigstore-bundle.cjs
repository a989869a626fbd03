#!/usr/bin/env node
// Verifies a Sigstore bundle (v0.3, DSSE in-toto content, public-key verification material) with sigstore-js's own
// libraries (@sigstore/bundle shape checks, @sigstore/verify signature verification), offline, then checks that the
// statement's subject names the expected digest — the library leaves that to the caller.
//   node verify-sigstore-bundle.cjs BUNDLE.json PUBLIC_KEY.pem sha256:HEX [PREDICATE_TYPE]
// Prints one verdict line; exit 0 valid, 1 invalid, 2 usage.
'use strict';
const fs = require('node:fs');
const crypto = require('node:crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { toSignedEntity, toTrustMaterial, Verifier } = require('@sigstore/verify');
const { TrustedRoot } = require('@sigstore/protobuf-specs');

const [bundlePath, keyPath, digest, predicateType] = process.argv.slice(2);
if (!bundlePath || !keyPath || !/^sha256:[0-9a-f]{64}$/.test(digest || '')) {
  console.error('usage: verify-sigstore-bundle.cjs BUNDLE.json PUBLIC_KEY.pem sha256:HEX [PREDICATE_TYPE]');
  process.exit(2);
}

function invalid(stage, error) {
  console.log(`INVALID ${bundlePath}: ${stage}: ${error && error.message ? error.message : error}`);
  process.exit(1);
}

let bundle;
try {
  bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
} catch (e) { invalid('bundle shape', e); }
if (bundle.content.$case !== 'dsseEnvelope') invalid('content', `expected a DSSE envelope, got ${bundle.content.$case}`);
if (bundle.verificationMaterial.content.$case !== 'publicKey') invalid('material', 'expected public-key verification material');

const key = crypto.createPublicKey(fs.readFileSync(keyPath, 'utf8'));
const expectedHint = crypto.createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('base64');
const root = TrustedRoot.fromJSON({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] });
const trust = toTrustMaterial(root, (hint) => {
  if (hint !== expectedHint) throw new Error(`the bundle's key hint ${hint} is not this key's ${expectedHint}`);
  return { publicKey: key, validFor: () => true };
});
try {
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(bundle));
} catch (e) { invalid('signature', e); }

const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'));
const hex = digest.slice('sha256:'.length);
if (!(statement.subject || []).some((s) => s.digest && s.digest.sha256 === hex)) invalid('subject', `no subject has sha256 ${hex}`);
if (predicateType && statement.predicateType !== predicateType) invalid('predicate', `predicateType is ${statement.predicateType}`);
console.log(`VALID ${bundlePath}: DSSE ${bundle.content.dsseEnvelope.payloadType}, predicate ${statement.predicateType}, subject ${digest}`);
