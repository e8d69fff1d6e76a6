// ESLint: TypeScript's recommended rules, the rules of hooks, and the house rules of ../shared/DESIGN.md that a
// machine can check. Formatting is Prettier's job (npm run format).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", "data/**", "test-results/**", ".cache/**"] },
  js.configs.recommended,
  { files: ["bin/**/*.js", "*.config.js", "remix.config.js"], languageOptions: { globals: { process: "readonly", console: "readonly" } } },
  ...tseslint.configs.recommended,
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    // The two classic rules. The plugin's newer React Compiler rules (refs, set-state-in-effect) assume the compiler,
    // which React 18 with Remix 2 does not use.
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "off",
      // zod only through app/lib/zod.ts, which turns off its code generation (forbidden by our CSP).
      "no-restricted-imports": ["error", { paths: [{ name: "zod", message: "Import z from ~/lib/zod.", allowTypeImports: true }] }],
      // Matching control characters is the point where we use them: cleaning input, file names and XML.
      "no-control-regex": "off",
    },
  },
  { files: ["app/lib/zod.ts"], rules: { "no-restricted-imports": "off" } },
);
