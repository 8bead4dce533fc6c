// Lint rules for the UI. The one architectural rule: only src/platform/ may import
// @tauri-apps/*, so every other module runs in plain tests without a window.
import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "src/platform/bindings.ts"] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@tauri-apps/*"],
              message: "Only src/platform/ talks to Tauri; import from ../platform instead.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/platform/**"],
    rules: { "no-restricted-imports": "off" },
  },
);
