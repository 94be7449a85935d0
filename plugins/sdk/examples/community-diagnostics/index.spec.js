// The plugin's own test: one call runs Onramp's conformance kit against it.
const { describeConformance } = require('../../testing');

describeConformance(require.resolve('./index.js'), { options: { modalities: ['imaging', 'endoscopy'] } });
