/**
 * Layer rules from DESIGN.md, checked on every test run:
 * the domain is plain TypeScript, and plugins never reach into the application.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ folders hold rules only: no Nest, no ORM, no Handlebars, no HTTP',
      severity: 'error',
      from: { path: '/domain/' },
      to: {
        path: [
          'node_modules/@nestjs',
          'node_modules/@mikro-orm',
          'node_modules/handlebars',
          'node_modules/fastify',
          'node_modules/nodemailer',
          '/persistence/',
          '/commands/',
          '/queries/',
          '/http/',
        ],
      },
    },
    {
      name: 'plugins-do-not-import-the-app',
      comment: 'plugins use plugins/sdk only; the SDK conformance kit (testing, conformance) is the one bridge to the host',
      severity: 'error',
      from: { path: '^plugins/', pathNot: '^plugins/sdk/src/(testing|conformance)' },
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
