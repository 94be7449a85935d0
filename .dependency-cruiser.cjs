/**
 * Layer rules from DESIGN.md (## Architecture) and the README (## Layers), checked on every test run
 * (`npm run lint:layers`; test/architecture/ probes that each rule fires, and checks that no two
 * contexts import each other both ways). The rules are positive: they list what may be imported,
 * so a new kind of import fails until someone decides it belongs. The `reachable` rules are
 * transitive: a domain file may not reach Nest through a kernel file that imports it.
 */
const SRC = '^apps/onramp/src/';
/** Bounded contexts: folders under apps/onramp/src that other code meets only through their index.ts. */
const CONTEXTS = [
  'audit',
  'catalogue',
  'conformance',
  'demo',
  'identity',
  'notifications',
  'onboarding',
  'operations',
  'organisations',
  'plugin-host',
  'readiness',
  'reports',
  'schema',
];
const CONTEXT = `${SRC}(${CONTEXTS.join('|')})/`;
/**
 * The pure shared kernel: shared/domain/ (value types, roles, clock, errors, step definitions) and
 * the door to the plugin SDK's types. The rest of shared/ (config, http, validation) is shared
 * infrastructure for the outer layers, not for domain folders.
 */
const KERNEL = [`${SRC}shared/domain/`, `${SRC}shared/plugin-sdk\\.ts$`];
/** The SDK's types, manifest schema and vocabulary; not a test kit. */
const SDK_TYPES = '^plugins/sdk/src/(index|vocabulary|schema)\\.ts$';
/** Node built-ins a rule may use and stay pure: hashing only. */
const PURE_NODE = '^(node:)?crypto$';
/** Node built-ins of any kind (resolved as `fs`, `node:fs`, `node:fs/promises`). */
const ANY_NODE = '^(node:)?[a-z_/]+$';

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-its-domain-and-the-kernel',
      comment:
        'A domain/ folder is plain TypeScript: it imports its own context’s domain/, the shared kernel (shared/domain, shared/plugin-sdk), the plugin SDK’s types and node:crypto. Nothing else: no Nest, ORM, HTTP, platform or another context.',
      severity: 'error',
      from: { path: `${SRC}([^/]+)/domain/` },
      to: { pathNot: [`${SRC}$1/domain/`, ...KERNEL, SDK_TYPES, PURE_NODE] },
    },
    {
      name: 'domain-reaches-only-its-domain-and-the-kernel',
      comment:
        'The same allow-list, transitively: whatever a domain file imports imports only allowed modules too. zod is reachable only because the SDK’s manifest schema is built on it; a domain file importing zod directly fails the rule above.',
      severity: 'error',
      from: { path: `${SRC}([^/]+)/domain/` },
      to: { reachable: true, pathNot: [`${SRC}$1/domain/`, ...KERNEL, SDK_TYPES, PURE_NODE, '^node_modules/zod/'] },
    },
    {
      name: 'contexts-meet-through-index',
      comment:
        'Another context (or a composition root: main.ts, cli.ts, app.module.ts, http-app.ts) imports a context only through its index.ts, its public API. Inside a context imports are free; platform/ and shared/ are not contexts and are imported directly.',
      severity: 'error',
      from: { path: `${SRC}([^/]+)`, pathNot: ['\\.spec\\.ts$', `${SRC}conformance/conformance\\.ts$`] },
      to: { path: CONTEXT, pathNot: [`${SRC}$1/`, `${CONTEXT}(index|schema)\\.ts$`] },
    },
    {
      name: 'context-schema-entries-are-for-the-schema-root',
      comment:
        'A context’s schema.ts (its tables and the functions its data migrations use, without its Nest module) is a second, narrower door, for schema/ alone: so `npm run migrate` loads no application. Everyone else uses index.ts.',
      severity: 'error',
      from: { path: `${SRC}([^/]+)`, pathNot: [`${SRC}schema/`] },
      to: { path: `${CONTEXT}schema\\.ts$`, pathNot: [`${SRC}$1/`] },
    },
    {
      name: 'conformance-kit-imports-only-nest-free-modules',
      comment:
        'The one exception to contexts-meet-through-index: the conformance kit runs in a plugin author’s plain Jest, where Nest (ESM) cannot load, and every index.ts loads its context’s Nest module. So it imports these Nest-free modules. That they stay Nest-free at run time is proved by test/e2e/plugins.e2e-spec.ts, which runs the built kit in a plain Jest (a reachable rule cannot tell erased type-only imports from loaded ones).',
      severity: 'error',
      from: { path: `${SRC}conformance/conformance\\.ts$` },
      to: {
        path: CONTEXT,
        pathNot: [
          `${SRC}catalogue/catalogue\\.loader\\.ts$`,
          `${SRC}onboarding/domain/onboarding-run\\.ts$`,
          `${SRC}readiness/domain/(readiness-context|readiness\\.calculator)\\.ts$`,
          `${SRC}plugin-host/(plugin-hook-runner|plugin-registry|plugin-loader)\\.ts$`,
          `${SRC}reports/building/compliance\\.rules\\.ts$`,
        ],
      },
    },
    {
      name: 'specs-meet-through-index-or-test-builders',
      comment:
        'Specs follow the same rule, with one narrow exception: a spec may use another context’s test-data builders (domain/testing/), which are not part of any build.',
      severity: 'error',
      from: { path: `${SRC}([^/]+).*\\.spec\\.ts$` },
      to: { path: CONTEXT, pathNot: [`${SRC}$1/`, `${CONTEXT}index\\.ts$`, `${CONTEXT}domain/testing/`] },
    },
    {
      name: 'platform-reaches-no-context',
      comment:
        'platform/ is infrastructure: it reaches (transitively) only platform/, shared/, the SDK’s types, node_modules and node built-ins; never a context.',
      severity: 'error',
      from: { path: `${SRC}platform/` },
      to: { reachable: true, pathNot: [`${SRC}(platform|shared)/`, SDK_TYPES, '^node_modules/', ANY_NODE] },
    },
    {
      name: 'shared-reaches-no-context-or-platform',
      comment:
        'shared/ is the shared kernel and shared infrastructure: it reaches (transitively) only shared/, the SDK’s types, node_modules and node built-ins.',
      severity: 'error',
      from: { path: `${SRC}shared/` },
      to: { reachable: true, pathNot: [`${SRC}shared/`, SDK_TYPES, '^node_modules/', ANY_NODE] },
    },
    {
      name: 'plugins-import-only-the-sdk',
      comment:
        'A plugin imports plugins/sdk/src and its own files, never the application. The SDK imports nothing of the application either: its conformance kit is host code (apps/onramp/src/conformance) that plugins/sdk/testing.js forwards to once built.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
