// Runs a TypeScript file of this repository in a child process, as jest runs
// the tests: `node test/run-ts.cjs FILE.ts ARGS...`. Each .ts file is
// transpiled on load (no type check: that is `npm run typecheck`'s job), so a
// test's child processes run the sources, never a stale dist/.
/* global require, process */ // a CommonJS file that eslint.config.js does not cover
/* eslint-disable @typescript-eslint/no-require-imports */
const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");
const ts = require("typescript");

require.extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, "utf8"), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false,
    },
    fileName: filename,
  });
  module._compile(outputText, filename);
};

const [file, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(file), ...args];
require(resolve(file));
