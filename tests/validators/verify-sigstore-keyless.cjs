#!/usr/bin/env node
// Verifies a KEYLESS Sigstore bundle (v0.3, certificate verification material) with sigstore-js's own libraries,
// offline, against a given trusted_root.json: certificate chain at the log's time, SCT, the Rekor SET and inclusion
// proof, the signature, and the expected identity (certificate SAN) and OIDC issuer.
//   node verify-sigstore-keyless.cjs BUNDLE.json TRUSTED_ROOT.json IDENTITY ISSUER (--digest sha256:HEX | --artifact FILE)
//   --digest: a DSSE bundle's in-toto statement must have a subject with that sha256.
//   --artifact: a message-signature bundle is checked over the file's bytes (its sha256 must be the bundle's digest).
// Prints one verdict line; exit 0 valid, 1 invalid, 2 usage.
'use strict';
const fs = require('node:fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { toSignedEntity, toTrustMaterial, Verifier } = require('@sigstore/verify');
const { TrustedRoot } = require('@sigstore/protobuf-specs');

const [bundlePath, rootPath, identity, issuer, mode, value] = process.argv.slice(2);
if (!bundlePath || !rootPath || !identity || !issuer || !['--digest', '--artifact'].includes(mode) || !value) {
  console.error('usage: verify-sigstore-keyless.cjs BUNDLE.json TRUSTED_ROOT.json IDENTITY ISSUER (--digest sha256:HEX | --artifact FILE)');
  process.exit(2);
}
function invalid(stage, error) {
  console.log(`INVALID ${bundlePath}: ${stage}: ${error && error.message ? error.message : error}`);
  process.exit(1);
}
let bundle;
try { bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8'))); } catch (e) { invalid('bundle shape', e); }
if (bundle.verificationMaterial.content.$case === 'publicKey') invalid('material', 'expected a certificate, got a public-key hint');
const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootPath, 'utf8')));
const artifact = mode === '--artifact' ? fs.readFileSync(value) : undefined;
let signer;
try {
  const entity = toSignedEntity(bundle, artifact);
  signer = new Verifier(toTrustMaterial(root), { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 })
    .verify(entity, { subjectAlternativeName: identity, extensions: { issuer } });
} catch (e) { invalid('verify', e); }
if (mode === '--digest') {
  if (bundle.content.$case !== 'dsseEnvelope') invalid('content', 'a --digest check needs a DSSE bundle');
  const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'));
  const hex = value.replace(/^sha256:/, '');
  if (!(statement.subject || []).some((s) => s.digest && s.digest.sha256 === hex)) invalid('subject', `no subject has sha256 ${hex}`);
}
console.log(`VALID ${bundlePath}: ${bundle.content.$case} by ${signer.identity.subjectAlternativeName} (issuer ${signer.identity.extensions.issuer}), tlog ${bundle.verificationMaterial.tlogEntries[0].kindVersion.kind}`);
