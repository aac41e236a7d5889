// ESLint flat config: typescript-eslint's recommended rules; formatting is Prettier's job.
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const prettier = require("eslint-config-prettier");

/** A rule that refuses imports from the named top-level folders (and yargs, when `noYargs`). */
function layer(files, forbidden, noYargs) {
  const patterns = forbidden.map((folder) => ({
    group: [`**/${folder}/**`, `**/${folder}`],
    message: `${files[0].split("/")[0]}/ must not import ${folder}/ (docs/architecture.md)`,
  }));
  const paths = noYargs
    ? ["yargs", "yargs/helpers", "cli-progress"].map((name) => ({
        name,
        message: "command-line concerns live in cli/",
      }))
    : [];
  return { files, rules: { "no-restricted-imports": ["error", { patterns, paths }] } };
}

module.exports = tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "bench/peers/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  // Small files and functions (issue 12): one concept per file.
  {
    files: ["**/*.ts"],
    ignores: ["test/**"],
    rules: {
      "max-lines": ["error", { max: 400, skipBlankLines: false, skipComments: false }],
      "max-lines-per-function": ["error", { max: 100, skipBlankLines: false, skipComments: false }],
    },
  },
  // The layers (docs/architecture.md): cli -> models -> arch -> sim; traces feeds the runs.
  // Each folder may import only the layers below it; nothing imports cli/.
  layer(["sim/**/*.ts"], ["cli", "models", "arch", "traces", "bench"], true),
  layer(["traces/**/*.ts"], ["cli", "models", "arch", "bench"], true),
  layer(["arch/**/*.ts"], ["cli", "models", "bench"], true),
  layer(["models/**/*.ts", "index.ts"], ["cli", "bench"], false),
  layer(["bench/**/*.ts"], ["cli"], false),
  {
    files: ["*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
