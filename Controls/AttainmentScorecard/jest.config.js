/** Unit tests of the view model, the renderer and the lifecycle adapter, in jsdom with a mocked PCF context. */
module.exports = {
  testEnvironment: "jsdom",
  roots: ["<rootDir>/AttainmentScorecard"],
  testMatch: ["**/__tests__/**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: { module: "commonjs", target: "es2020", strict: true, esModuleInterop: true, types: ["jest", "node", "powerapps-component-framework"], lib: ["ES2020", "DOM", "DOM.Iterable"] } }],
  },
};
