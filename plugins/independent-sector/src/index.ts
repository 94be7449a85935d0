import { definePlugin } from '../../sdk/src';

const IS_PROVIDER_GUIDANCE = 'https://digital.nhs.uk/services/nhs-e-referral-service/providers/independent-sector-provider-guidance';
const WEB_BASED_ONBOARDING = 'https://digital.nhs.uk/services/e-referral-service/web-based-e-referral-service-onboarding';

/**
 * Independent sector providers: the building blocks that must exist before an independent provider
 * can receive e-RS referrals (contract, compliance, connection and commissioning), and the
 * service-model decisions that come first.
 *
 * Several of these precede core steps (a contract before `core.confirm-contract-in-place`, DSPT
 * before `core.confirm-dspt-submission`, the service model before `core.decide-bookability-per-service`);
 * core cannot depend on a plugin, so they are due earlier instead.
 */
export default definePlugin({
  id: 'independent-sector',
  version: '1.0.0',
  hostApi: '^1.0.0',
  organisationTypes: ['independent-sector'],
  description:
    'Independent sector provider steps for e-RS: where services run and with what service model, an NHS contract per service, an ODS code per clinic address, HSCN or internet access, DSPT information governance assurance, smartcards through a sponsoring commissioner, and commissioning of each service for the primary care menu.',
  options: {
    clinicAddresses: {
      type: 'number',
      default: 1,
      description: 'How many clinic addresses the provider runs e-RS services from (each needs its own ODS code)',
    },
  },
  steps: [
    {
      id: 'independent-sector.list-services-and-clinic-addresses',
      title: 'List the services you will offer on e-RS and every clinic address where each one runs',
      area: 'directory-of-services',
      ownerRole: 'implementation-lead',
      dependsOn: ['core.identify-stakeholders'],
      dueOffsetDays: -165,
      evidence: [
        {
          key: 'service-location-list',
          description: 'Each service planned for e-RS with the full address of every clinic where it is delivered',
        },
      ],
      signOffRole: null,
      gate: false,
      weight: 3,
      guidance:
        'e-RS services are set up against the address where the clinic actually takes place, so start by writing down which services you will offer and at which sites. This list drives the ODS codes you need, the contracts to agree and the connectivity to check. Include every address, even small satellite clinics, because each one is handled separately.',
      source: IS_PROVIDER_GUIDANCE,
    },
    {
      id: 'independent-sector.obtain-ods-code-per-clinic-address',
      title: 'Obtain a unique ODS code for every clinic address that will host e-RS services',
      area: 'directory-of-services',
      ownerRole: 'implementation-lead',
      dependsOn: ['independent-sector.list-services-and-clinic-addresses'],
      dueOffsetDays: -155,
      evidence: [
        {
          key: 'ods-code-register',
          description: 'One row per clinic address with its ODS code and the services that will be set up against it',
        },
      ],
      signOffRole: 'implementation-lead',
      gate: true,
      weight: 4,
      guidance:
        'Each address an independent provider delivers e-RS services from needs its own Organisation Data Service code, separate from the code for the organisation as a whole. Apply for any that are missing early, since Registration Authority set-up, information governance registration and the Directory of Services build all rely on them. Check the number of codes held matches the number of clinic addresses.',
      source: IS_PROVIDER_GUIDANCE,
    },
    {
      id: 'independent-sector.agree-contract-per-service',
      title: 'Agree an NHS contract with one or more commissioners for every service you will put on e-RS',
      area: 'commissioning',
      ownerRole: 'implementation-lead',
      dependsOn: ['independent-sector.list-services-and-clinic-addresses'],
      dueOffsetDays: -150,
      evidence: [
        {
          key: 'contract-schedule',
          description: 'Per service, the commissioner or commissioners holding the contract, the contract reference and its start and end dates',
        },
      ],
      signOffRole: 'implementation-lead',
      gate: true,
      weight: 5,
      guidance:
        'An independent provider can only put a service on e-RS once at least one NHS commissioner has contracted for it and will therefore recognise and pay for the activity. Work through the service list and secure a contract for each service, noting which commissioners cover which. A service without a contract should not be built or published.',
      source: IS_PROVIDER_GUIDANCE,
    },
    {
      id: 'independent-sector.arrange-smartcards-via-sponsoring-commissioner',
      title: 'Arrange for a sponsoring commissioner to issue and manage your e-RS smartcards',
      area: 'registration-authority',
      ownerRole: 'implementation-lead',
      dependsOn: ['independent-sector.agree-contract-per-service', 'independent-sector.obtain-ods-code-per-clinic-address'],
      dueOffsetDays: -150,
      evidence: [
        {
          key: 'sponsor-agreement',
          description: 'Confirmation of the sponsoring commissioner, its Registration Authority contact and the process for requesting and revoking smartcards',
        },
      ],
      signOffRole: null,
      gate: false,
      weight: 3,
      guidance:
        'Independent providers connect to e-RS with smartcards that a sponsoring commissioner issues and manages on their behalf. Agree which commissioner will sponsor you and how staff request cards, change roles and have access removed when they leave. Settle this early, since no one can build services or work referrals until their card is issued.',
      source: IS_PROVIDER_GUIDANCE,
    },
    {
      id: 'independent-sector.decide-service-model-and-booking-route',
      title: 'Decide the service model, how patients book and who administers referrals and bookings for each service',
      area: 'directory-of-services',
      ownerRole: 'implementation-lead',
      dependsOn: ['independent-sector.list-services-and-clinic-addresses', 'core.nominate-clinical-lead'],
      dueOffsetDays: -130,
      evidence: [
        {
          key: 'service-model-decisions',
          description: 'Per service, the e-RS service model chosen, how patients will book, and the team that will administer referrals and bookings',
        },
      ],
      signOffRole: 'clinical-lead',
      gate: false,
      weight: 3,
      guidance:
        'Before building anything, decide for each service which e-RS model fits, for example bookable appointments or clinical assessment first, how patients will get their appointment and which staff will handle referrals and bookings day to day. These choices have a clinical side, so the clinical lead should agree them. They then feed the core bookability and assessment service decisions, which is why they are due first.',
      source: IS_PROVIDER_GUIDANCE,
    },
    {
      id: 'independent-sector.complete-dspt-assessment',
      title: 'Register for and publish a Data Security and Protection Toolkit assessment as information governance assurance',
      area: 'governance',
      ownerRole: 'information-governance-lead',
      dependsOn: ['independent-sector.obtain-ods-code-per-clinic-address'],
      dueOffsetDays: -130,
      evidence: [
        {
          key: 'dspt-publication',
          description: 'Published DSPT assessment for the organisation, its status and publication date',
        },
        { key: 'commissioner-assurance', description: 'Confirmation that the sponsoring and contracting commissioners have accepted the assurance' },
      ],
      signOffRole: 'implementation-lead',
      gate: true,
      weight: 4,
      guidance:
        'Access to e-RS depends on showing adequate information governance, and the onboarding checks look for this in a published Data Security and Protection Toolkit assessment. If the organisation has never submitted one, register and allow time to gather the evidence and close any gaps. Share the published status with the commissioners so they can rely on it.',
      source: WEB_BASED_ONBOARDING,
    },
    {
      id: 'independent-sector.confirm-hscn-or-internet-access',
      title: 'Confirm every clinic address has HSCN or internet access suitable for web-based e-RS',
      area: 'technical-readiness',
      ownerRole: 'it-lead',
      dependsOn: ['core.dedicate-it-lead', 'independent-sector.list-services-and-clinic-addresses'],
      dueOffsetDays: -100,
      evidence: [
        {
          key: 'site-connectivity',
          description: 'Per clinic address, the connection used (HSCN or internet) and the result of a test login to web-based e-RS',
        },
      ],
      signOffRole: null,
      gate: false,
      weight: 2,
      guidance:
        'Independent providers can reach e-RS either over the Health and Social Care Network or through the web-based application over the internet. Decide which route each site will use and check it works from the rooms where staff will handle referrals. Fix gaps early, because the core device and connectivity check later assumes the route is already in place.',
      source: IS_PROVIDER_GUIDANCE,
    },
    {
      id: 'independent-sector.agree-primary-care-menu-commissioning',
      title: 'Agree with each contracting commissioner when and by whom each service will be commissioned on e-RS',
      area: 'commissioning',
      ownerRole: 'implementation-lead',
      dependsOn: ['independent-sector.agree-contract-per-service', 'independent-sector.decide-service-model-and-booking-route'],
      dueOffsetDays: -100,
      evidence: [
        {
          key: 'commissioning-plan',
          description: 'Per service, the commissioning organisation, the contact who will commission it in e-RS and the agreed start date',
        },
      ],
      signOffRole: null,
      gate: false,
      weight: 2,
      guidance:
        'Services that independent providers build only appear on the primary care menu once a commissioner has commissioned each one within e-RS. Agree in advance who at each commissioner will do this and on what date, so there is no gap between publishing and referrers being able to see the service. The core commissioning steps then confirm it has happened.',
      source: IS_PROVIDER_GUIDANCE,
    },
  ],
});
