// Writes a .gz beside every text file of dist/ (souk sends it to clients
// that take gzip) and prints each app's size: its entry chunk and
// everything it imports, raw and gzipped (bench/RESULTS.md records them).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url).pathname;
const text = /\.(html|js|css|svg|json|txt|map)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const sizes = new Map();
for (const path of files(dist)) {
  if (!text.test(path)) continue;
  const body = readFileSync(path);
  const gz = gzipSync(body, { level: 9 });
  sizes.set(relative(dist, path), { raw: body.length, gzip: gz.length });
  if (gz.length < body.length) writeFileSync(path + ".gz", gz);
}

// An app is its index.html and the assets it references.
for (const [app, index] of [["storefront", "index.html"], ["admin", "app/index.html"]]) {
  const html = readFileSync(join(dist, index), "utf8");
  const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  let raw = 0, gzip = 0;
  for (const r of refs) {
    const s = sizes.get(r);
    if (s) { raw += s.raw; gzip += s.gzip; }
  }
  console.log(`${app}: ${(raw / 1024).toFixed(1)} KiB, ${(gzip / 1024).toFixed(1)} KiB gzipped (${refs.length} files)`);
}
