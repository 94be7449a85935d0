// Entry point for third-party plugins: require('<onramp>/plugins/sdk/testing'). Needs `npm run build` in Onramp.
// The kit runs the host's real loader, checklist rules, readiness and compliance code, so it is built
// from the host (apps/onramp/src/conformance); the SDK's own source imports nothing from the host.
module.exports = require('../../dist/apps/onramp/src/conformance/testing.js');
