// Two projects: `unit` needs no server; `integration` starts a real Temporal server and the emulator.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  // PGlite loads Node built-ins with import(), which Jest's sandbox refuses (see the transform's comment).
  '[\\\\/]node_modules[\\\\/]@electric-sql[\\\\/]pglite[\\\\/].+\\.cjs$': '<rootDir>/test/helpers/builtin-imports-transform.js',
};
/** node_modules stay untransformed, except PGlite's files. */
const transformIgnorePatterns = ['[\\\\/]node_modules[\\\\/](?!@electric-sql[\\\\/]pglite[\\\\/])'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/helpers/quiet-temporal.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/integration-timeout.ts'],
    },
  ],
};
