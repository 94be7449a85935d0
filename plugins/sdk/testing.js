// Entry point for third-party plugins: require('<onramp>/plugins/sdk/testing'). Needs `npm run build` in Onramp.
module.exports = require('../../dist/plugins/sdk/src/testing.js');
