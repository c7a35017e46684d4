// Lets the cdktf app command load TypeScript without type checking (npm test
// runs tsc --noEmit for that). Each file is transpiled once with sucrase and
// kept in node_modules/.cache, so a synth usually loads plain JavaScript and
// never loads the transpiler at all.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "register-ts");
// Part of every cache key: a new transpiler or new options invalidate the cache.
const SALT = `sucrase ${require("sucrase/package.json").version} typescript,imports 1`;

let transform;

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha256").update(SALT).update("\0").update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, "utf8");
  } catch {
    transform = transform || require("sucrase").transform;
    code = transform(source, { transforms: ["typescript", "imports"], filePath: filename }).code;
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      // Write then rename, so a concurrent synth never reads half a file.
      const temp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(temp, code);
      fs.renameSync(temp, cached);
    } catch {
      // A read-only checkout still synthesizes; it just transpiles every time.
    }
  }
  module._compile(code, filename);
};
