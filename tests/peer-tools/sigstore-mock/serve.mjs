#!/usr/bin/env node
// A private Sigstore on 127.0.0.1 for the keyless tests, built from @sigstore/mock's CA (with CT log), Rekor v1 log
// and RFC 3161 TSA, served over a real node:http server so another process (the C# code under test) can use them.
// Adapted from ../shared/peers/npm-sigstore-private.mjs. Usage: node serve.mjs OUTDIR
//   writes OUTDIR/trusted_root.json, ca-root.pem, tlog.pub.pem, ctlog.pub.pem, then prints the base URL on stdout
//   and serves until killed:
//   POST /api/v2/signingCert   Fulcio v2 (the token is NOT verified; SAN = its `sub`, issuer extension = `iss`)
//   POST /api/v1/log/entries   Rekor v1; dsse v0.0.1 entries are canonicalized as real Rekor stores them
//                              (envelopeHash, payloadHash, signatures[{signature, verifier}]); a proposal already
//                              logged answers 409 with Location, as Rekor does
//   GET  /api/v1/log/entries/{uuid}
//   POST /api/v1/timestamp     RFC 3161 (DER application/timestamp-query) or the mock's JSON
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const req = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', 'x.js'));
const mock = req('@sigstore/mock');
const { TrustedRoot, HashAlgorithm, PublicKeyDetails } = req('@sigstore/protobuf-specs');
const mockReq = createRequire(req.resolve('@sigstore/mock'));
const pkijs = mockReq('pkijs');
const asn1js = mockReq('asn1js');

const out = process.argv[2];
if (!out) { console.error('usage: serve.mjs OUTDIR'); process.exit(2); }
fs.mkdirSync(out, { recursive: true });

const ec = () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (der, label = 'CERTIFICATE') => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g).join('\n')}\n-----END ${label}-----\n`;
const ctlog = await mock.initializeCTLog(ec());
const ca = await mock.initializeCA(ec(), ctlog);
const tlog = await mock.initializeTLog('https://rekor.example.invalid', ec());
const tsa = await mock.initializeTSA(ec());
tsa.getCurrentTime = () => new Date(Math.floor(Date.now() / 1000) * 1000);
const origTstInfo = tsa.tstInfo.bind(tsa);
tsa.tstInfo = (r) => { const t = origTstInfo(r); if (r.nonceHex) t.nonce = new asn1js.Integer({ valueHex: r.nonceHex }); return t; };
const fulcio = mock.fulcioHandler(ca);
const tsaJson = mock.tsaHandler(tsa);

const sha256hex = (b) => crypto.createHash('sha256').update(b).digest('hex');
function canonicalize(entry) {
  if (entry.kind !== 'dsse') return entry;
  const envelopeText = entry.spec.proposedContent.envelope;
  const envelope = JSON.parse(envelopeText);
  const verifiers = entry.spec.proposedContent.verifiers;
  return { apiVersion: '0.0.1', kind: 'dsse', spec: {
    envelopeHash: { algorithm: 'sha256', value: sha256hex(Buffer.from(envelopeText, 'utf8')) },
    payloadHash: { algorithm: 'sha256', value: sha256hex(Buffer.from(envelope.payload, 'base64')) },
    signatures: envelope.signatures.map((s) => ({ signature: s.sig, verifier: verifiers[0] })),
  } };
}
const entries = new Map(); // uuid -> JSON text of {uuid: entry}
const byProposal = new Map(); // sha256(canonical proposal) -> uuid
async function createEntry(body) {
  const proposal = canonicalize(JSON.parse(body));
  const key = sha256hex(JSON.stringify(proposal));
  if (byProposal.has(key)) {
    const uuid = byProposal.get(key);
    return { statusCode: 409, response: JSON.stringify({ code: 409, message: `an equivalent entry already exists in the transparency log with UUID ${uuid}` }), headers: { Location: `/api/v1/log/entries/${uuid}` } };
  }
  const logged = await tlog.log(proposal);
  const uuid = Object.keys(logged)[0];
  entries.set(uuid, JSON.stringify(logged));
  byProposal.set(key, uuid);
  return { statusCode: 201, response: JSON.stringify(logged), headers: { Location: `/api/v1/log/entries/${uuid}` } };
}
async function derTimestamp(body) {
  const asn = asn1js.fromBER(new Uint8Array(body).buffer);
  if (asn.offset === -1) return { statusCode: 400, response: 'bad DER' };
  const tsq = new pkijs.TimeStampReq({ schema: asn.result });
  const r = await tsa.timestamp({
    artifactHash: Buffer.from(tsq.messageImprint.hashedMessage.valueBlock.valueHexView),
    hashAlgorithmOID: tsq.messageImprint.hashAlgorithm.algorithmId,
    nonce: tsq.nonce ? tsq.nonce.valueBlock.valueDec : 0,
    nonceHex: tsq.nonce ? new Uint8Array(tsq.nonce.valueBlock.valueHexView).buffer : undefined,
    policyOID: tsq.reqPolicy || '1.3.6.1.4.1.57264.2',
    certReq: !!tsq.certReq,
  });
  return { statusCode: 200, response: Buffer.from(r.buffer, r.byteOffset, r.byteLength), contentType: 'application/timestamp-reply' };
}

const server = http.createServer((request, res) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', async () => {
    const body = Buffer.concat(chunks);
    let r;
    try {
      const url = request.url.split('?')[0];
      if (request.method === 'POST' && url === '/api/v2/signingCert') r = await fulcio.fn(body.toString('utf8'));
      else if (request.method === 'POST' && url === '/api/v1/log/entries') r = await createEntry(body.toString('utf8'));
      else if (request.method === 'GET' && url.startsWith('/api/v1/log/entries/')) {
        const e = entries.get(url.slice('/api/v1/log/entries/'.length));
        r = e ? { statusCode: 200, response: e, contentType: 'application/json' } : { statusCode: 404, response: '{"code":404,"message":"not found"}' };
      } else if (request.method === 'POST' && url === '/api/v1/timestamp') {
        r = /application\/timestamp-query/.test(request.headers['content-type'] || '') ? await derTimestamp(body) : await tsaJson.fn(body.toString('utf8'));
      } else r = { statusCode: 404, response: 'not found' };
    } catch (e) { r = { statusCode: 500, response: String(e && e.message) }; }
    process.stderr.write(`${new Date().toISOString()} ${request.method} ${request.url} -> ${r.statusCode}\n`);
    res.writeHead(r.statusCode, { 'Content-Type': r.contentType || 'application/json', ...(r.headers || {}) });
    res.end(typeof r.response === 'string' || Buffer.isBuffer(r.response) ? r.response : Buffer.from(r.response.buffer, r.response.byteOffset, r.response.byteLength));
  });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const start = new Date(Date.now() - 60_000);
const trustedRoot = TrustedRoot.toJSON({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [{ baseUrl: 'https://rekor.example.invalid', hashAlgorithm: HashAlgorithm.SHA2_256,
    publicKey: { rawBytes: Buffer.from(tlog.publicKey), keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor: { start } },
    logId: { keyId: crypto.createHash('sha256').update(tlog.publicKey).digest() } }],
  certificateAuthorities: [{ subject: { organization: 'sigstore.mock', commonName: 'sigstore' }, uri: 'https://fulcio.example.invalid',
    certChain: { certificates: [{ rawBytes: Buffer.from(ca.rootCertificate) }] }, validFor: { start } }],
  ctlogs: [{ baseUrl: 'https://ctfe.example.invalid', hashAlgorithm: HashAlgorithm.SHA2_256,
    publicKey: { rawBytes: Buffer.from(ctlog.publicKey), keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor: { start } },
    logId: { keyId: Buffer.from(ctlog.logID) } }],
  timestampAuthorities: [{ subject: { organization: 'sigstore.mock', commonName: 'tsa' }, uri: 'https://tsa.example.invalid',
    certChain: { certificates: [{ rawBytes: Buffer.from(tsa.intCertificate) }, { rawBytes: Buffer.from(tsa.rootCertificate) }] }, validFor: { start } }],
});
const w = (n, d) => fs.writeFileSync(path.join(out, n), typeof d === 'string' ? d : JSON.stringify(d, null, 2) + '\n');
w('trusted_root.json', trustedRoot);
w('ca-root.pem', pem(ca.rootCertificate));
w('tlog.pub.pem', pem(tlog.publicKey, 'PUBLIC KEY'));
w('ctlog.pub.pem', pem(ctlog.publicKey, 'PUBLIC KEY'));
console.log(base);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
