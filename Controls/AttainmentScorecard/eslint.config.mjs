// typescript-eslint's type-checked rules plus Microsoft's Power Apps checker rules (the set Power Apps checker runs).
import tseslint from "typescript-eslint";
import powerApps from "@microsoft/eslint-plugin-power-apps";

export default tseslint.config(
  { ignores: ["**/generated/**", "out/**", "node_modules/**", "browser-test/**", "**/__tests__/**", "eslint.config.mjs", "jest.config.js"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@microsoft/power-apps": powerApps },
    rules: {
      ...Object.fromEntries(Object.keys(powerApps.rules).map(rule => [`@microsoft/power-apps/${rule}`, "error"])),
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
);
