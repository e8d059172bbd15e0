// PGlite (the embedded database) loads its WebAssembly with a dynamic import(), which Jest's
// sandbox allows only under --experimental-vm-modules. Setting it here, before Jest starts its
// workers, lets `npx jest test/x.test.ts` work as well as `npm test`; the workers inherit it. A
// single test file would otherwise run in this very process (started without the flag), so a
// worker is always used (Jest never runs in band when workerIdleMemoryLimit is set).
if (!(process.env.NODE_OPTIONS ?? "").includes("--experimental-vm-modules")) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --experimental-vm-modules`.trim();
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  testTimeout: 30000,
  maxWorkers: 2,
  workerIdleMemoryLimit: "2GB",
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
