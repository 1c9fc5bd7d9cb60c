import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests (no database), database-backed tests, which start from one
// prepared PGlite+PostGIS data directory built in globalSetup (cold start costs ~10 s), and
// browser tests, whose servers start from prepared data folders built there too.
export default defineConfig({
  test: {
    // Vitest's default worker count here (cores − 1 = one) is kept: three workers overlapping the
    // browser suites with the rest were measured slower on two cores (23 min against about 17),
    // every part of the suite being CPU-bound (SwiftShader, PGlite, the served app).
    // In CI every test name is printed, so the log shows each suite ran on [pglite] and [postgres].
    reporters: process.env.CI === 'true' ? ['verbose'] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['geodata/**/*.test.ts', 'common/**/*.test.ts', 'db/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'tests/fixtures/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
          // A hang guard, not a speed check: property tests and the zip-bomb test take seconds of
          // CPU, and beside the browser suites on two cores 5 s was passed (6–9 s measured).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'db',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/fixtures/**'],
          pool: 'forks',
          globalSetup: ['tests/setup/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          pool: 'forks',
          globalSetup: ['tests/setup/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
