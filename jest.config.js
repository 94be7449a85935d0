/** Two projects: fast domain/unit specs beside the code, and e2e specs in test/ that boot the real app. */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  workerIdleMemoryLimit: '512MB',
  // e2e suites boot real servers and databases; a unit spec finishes far inside this.
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/plugins/**/*.spec.ts'] },
    // The SDK's example plugin is tested the way a third party would: plain JavaScript against the built kit.
    { ...common, displayName: 'sdk-example', testMatch: ['<rootDir>/plugins/sdk/examples/**/*.spec.js'] },
    // The layer rules of .dependency-cruiser.cjs, probed: each must fire on an import that breaks it.
    { ...common, displayName: 'architecture', testMatch: ['<rootDir>/test/architecture/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
