import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests (no database), database-backed tests, which start from one
// prepared PGlite+PostGIS data directory built in globalSetup (cold start costs ~10 s), and
// browser tests, whose servers start from prepared data folders built there too.
export default defineConfig({
  test: {
    // Vitest's default on this 2-core machine is one worker (cores − 1): every file ran after the
    // other, though much of the time is spent waiting on Chromium, the app's server and
    // PostgreSQL, each in a process of its own. Two workers overlap that waiting; all projects
    // share the one number, since Vitest refuses projects with different maxWorkers in one group.
    // Measured on this suite: with one, the unit and database files alone took about 970 s,
    // before a single browser suite had started; with three, 916 s in all (CI rehearsal, 3
    // December, load average ~9: three browser suites, each with Chromium and a server, starved
    // each other of the two cores); with two, 679 s, the next run on the same clone, quiet machine.
    maxWorkers: 2,
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
          // Not fileParallelism: false, which Vitest runs after every other file, one at a time:
          // browser suites share the three workers, each with its own server, data and Chromium.
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // expect.poll gives up after 1 s by default: a click's fetch and redraw took longer than
          // that in CI with the machine at load 9 (a details panel awaited in map-street failed so).
          // A poll still ends as soon as its expectation holds, so this costs nothing when it passes.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
