// A complete third-party Onramp plugin: plain CommonJS, no build step, no dependencies.
// Enable it with ONRAMP_PLUGINS=acute,/path/to/community-diagnostics
'use strict';

const GETTING_STARTED = 'https://digital.nhs.uk/services/e-referral-service/document-library/getting-started-advice-for-provider-staff';
const DIRECTORY_OF_SERVICES = 'https://digital.nhs.uk/services/e-referral-service/document-library/directory-of-services-creating-and-maintaining-services';

module.exports = {
  id: 'community-diagnostics',
  version: '1.0.0',
  hostApi: '^1.0.0',
  organisationTypes: ['community', 'acute'],
  description: 'Steps for providers offering direct-access diagnostics (imaging, physiological measurement) through e-RS.',
  options: {
    modalities: {
      type: 'string[]',
      default: ['imaging'],
      description: 'Diagnostic modalities offered through e-RS',
      enum: ['imaging', 'physiological-measurement', 'endoscopy'],
    },
    reportingDays: { type: 'number', default: 14, description: 'Days within which results must be reported back to the referrer' },
  },
  steps: [
    {
      id: 'community-diagnostics.agree-direct-access-criteria',
      title: 'Agree the clinical criteria for direct-access diagnostic referrals',
      area: 'referral-management',
      ownerRole: 'clinical-lead',
      dependsOn: ['core.nominate-clinical-lead'],
      dueOffsetDays: -120,
      evidence: [{ key: 'criteria', description: 'The agreed referral criteria per modality, approved by the clinical lead' }],
      signOffRole: 'clinical-lead',
      gate: true,
      weight: 3,
      guidance:
        'Referrers can only book a direct-access test well if they know which patients it suits. Write down, per modality, who may be referred and what must be in the referral, and have the clinical lead approve it before services are built.',
      source: GETTING_STARTED,
    },
    {
      id: 'community-diagnostics.publish-diagnostic-services',
      title: 'Publish each diagnostic service on the Directory of Services with its criteria',
      area: 'directory-of-services',
      ownerRole: 'service-manager',
      dependsOn: ['community-diagnostics.agree-direct-access-criteria', 'core.build-services-on-directory-of-services'],
      dueOffsetDays: -60,
      evidence: [{ key: 'service-ids', description: 'Directory of Services service IDs of the diagnostic services' }],
      weight: 2,
      guidance:
        'List each modality as its own service so referrers find it, and put the agreed criteria in the notes for referrers. Check the specialty and clinic type match how GPs search.',
      source: DIRECTORY_OF_SERVICES,
    },
  ],
  hooks: {
    // Leave out the publishing step for organisations that offer no modality yet.
    appliesTo(step, organisation, options) {
      return !(step.id === 'community-diagnostics.publish-diagnostic-services' && options.modalities.length === 0);
    },
    // Readiness can only get worse through a plugin: add a reason, never remove one.
    adjustReadiness({ readiness, options }) {
      const criteria = readiness.steps.find((s) => s.id === 'community-diagnostics.agree-direct-access-criteria');
      return criteria && criteria.overdue ? [{ rag: 'red', reason: `direct-access criteria for ${options.modalities.join(', ')} are overdue` }] : [];
    },
    complianceChecks: [
      {
        id: 'results-reported-in-time',
        title: 'Results are reported to referrers within the agreed number of days',
        evaluate: ({ options }) => ({ status: 'unknown', evidence: `no reporting data yet; target ${options.reportingDays} days` }),
      },
    ],
  },
};
