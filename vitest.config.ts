import { defineConfig } from 'vitest/config';

// Kept apart from web/vite.config.ts: this one runs the server, CLI and browser tests in Node.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // Every answer of a route is also checked against its schema (src/api/route.ts).
    env: { AIMS_CHECK_RESPONSES: '1' },
  },
});
