#!/usr/bin/env node
// Serve, on 127.0.0.1, a TUF repository whose only target is the given trusted_root.json, signed with throwaway
// keys by @tufjs/repo-mock (tuf-js's own metadata models and canonical JSON), wrapped in node:http.
// Adapted from ../shared/peers/npm-sigstore-tuf-server.cjs; the layout is the one @sigstore/tuf reads:
// metadata at <mirror>/<role>.json and N.root.json, targets at <mirror>/targets/<name>.
// Usage: node tuf-serve.cjs TRUSTED_ROOT.json ROOT_OUT.json  -> prints the base URL; serves until killed.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { initializeTUFRepo, tufHandlers } = require(path.join(__dirname, 'node_modules', '@tufjs', 'repo-mock'));
const [trFile, rootOut] = process.argv.slice(2);
if (!trFile || !rootOut) { console.error('usage: tuf-serve.cjs TRUSTED_ROOT.json ROOT_OUT.json'); process.exit(2); }
const repo = initializeTUFRepo([{ name: 'trusted_root.json', content: fs.readFileSync(trFile) }]);
fs.writeFileSync(rootOut, JSON.stringify(repo.rootMeta.toJSON()));
const handlers = tufHandlers(repo, { metadataPathPrefix: '', targetPathPrefix: '/targets' });
const srv = http.createServer((req, res) => {
  const h = handlers.find((x) => x.path === req.url);
  process.stderr.write(`${req.method} ${req.url} ${h ? 'hit' : '404'}\n`);
  if (!h) { res.writeHead(404); res.end(); return; }
  const r = h.fn();
  res.writeHead(r.statusCode, { 'Content-Type': r.contentType || 'application/octet-stream' });
  res.end(r.response);
});
srv.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${srv.address().port}`));
