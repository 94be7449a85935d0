import { describeConformance } from '../../sdk/src/testing';

describeConformance(require.resolve('./index'), { options: { clinicAddresses: 3 } });
