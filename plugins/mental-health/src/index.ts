import { definePlugin } from '../../sdk/src';

const MENTAL_HEALTH_GUIDELINES = 'https://digital.nhs.uk/services/e-referral-service/document-library/mental-health-best-practice-guidelines';
const MENTAL_HEALTH_CHOICE = 'https://www.england.nhs.uk/mental-health/about/choice/';

/**
 * Mental health providers: the two mental health specialties and their clinic types, the choice
 * between a clinical assessment service and direct booking, and the obligations that follow from
 * patients' legal right to choose their mental health provider and team.
 *
 * The specialty mapping and the assessment-or-booking decision feed core Directory of Services
 * decisions (`core.map-services-to-specialties-and-clinic-types`, `core.decide-bookability-per-service`,
 * `core.decide-ras-and-advice-and-guidance`); core cannot depend on a plugin, so they are due earlier.
 */
export default definePlugin({
  id: 'mental-health',
  version: '1.0.0',
  hostApi: '^1.0.0',
  organisationTypes: ['mental-health'],
  description:
    'Mental health provider steps for e-RS: placing services under the adult and child and adolescent mental health specialties and their clinic types, deciding between a clinical assessment service and direct booking, and meeting the legal right to choice by publishing current service information and accepting all appropriate referrals.',
  steps: [
    {
      id: 'mental-health.map-services-to-mental-health-specialties',
      title: 'Place each service under the adult or child and adolescent mental health specialty and the right clinic type',
      area: 'directory-of-services',
      ownerRole: 'service-manager',
      dependsOn: ['core.record-clinician-service-input'],
      dueOffsetDays: -125,
      evidence: [
        {
          key: 'specialty-clinic-type-map',
          description:
            'Per service, the specialty (Mental Health - Adults of all ages, or Children & Adolescents Mental Health), the clinic type and the ages accepted',
        },
      ],
      signOffRole: 'clinical-lead',
      gate: false,
      weight: 3,
      guidance:
        'e-RS has two mental health specialties, one covering adults of all ages and one for children and adolescents, and each has clinic types such as anxiety and depression (split by severity), drug and alcohol problems, eating disorders and memory problems. Agree with the clinicians which specialty and clinic type best describes each service, because referrers search by them. Do this before the core service mapping so the mental health choices shape the wider service list.',
      source: MENTAL_HEALTH_GUIDELINES,
    },
    {
      id: 'mental-health.decide-assessment-or-direct-booking',
      title: 'Decide for each service whether referrals go to a clinical assessment service or straight to an appointment',
      area: 'directory-of-services',
      ownerRole: 'clinical-lead',
      dependsOn: ['mental-health.map-services-to-mental-health-specialties', 'core.agree-referral-review-rules'],
      dueOffsetDays: -115,
      evidence: [
        {
          key: 'service-model-decision',
          description: 'Per service, whether referrals enter a clinical assessment service or book directly into an appointment, with the clinical reasoning',
        },
      ],
      signOffRole: 'clinical-lead',
      gate: true,
      weight: 4,
      guidance:
        'Mental health referrals can go first to a clinical assessment service, where clinicians decide the right team, or be booked straight into an outpatient appointment. Choose per service with the clinicians, weighing how well referrers can judge the right service against the delay an extra assessment step adds. Settle this before the core bookability and assessment service decisions, which build on it, and record the clinical reasoning.',
      source: MENTAL_HEALTH_GUIDELINES,
    },
    {
      id: 'mental-health.define-assessment-service-workflow',
      title: 'Agree how clinicians work the assessment service worklist and book patients onward after assessment',
      area: 'referral-management',
      ownerRole: 'clinician',
      dependsOn: ['mental-health.decide-assessment-or-direct-booking'],
      dueOffsetDays: -90,
      evidence: [
        {
          key: 'assessment-workflow',
          description:
            'For each clinical assessment service, who reviews incoming referrals and with what cover, the target time to assess, and the onward services and booking route',
        },
      ],
      signOffRole: 'clinical-lead',
      gate: false,
      weight: 3,
      guidance:
        'Where a service uses clinical assessment, referrals wait in an assessment worklist until a clinician reviews them and decides the next step. Name the clinicians who do this, their cover and the time within which each referral should be assessed. Set out the onward services and who books the patient once a decision is made, so no referral stalls between assessment and treatment.',
      source: MENTAL_HEALTH_GUIDELINES,
    },
    {
      id: 'mental-health.publish-service-information-for-choice',
      title: 'Publish clear, accurate service information so patients can use their legal right to choose provider and team',
      area: 'directory-of-services',
      ownerRole: 'service-manager',
      dependsOn: ['mental-health.map-services-to-mental-health-specialties', 'core.agree-snomed-ct-terms-per-service'],
      dueOffsetDays: -85,
      evidence: [
        {
          key: 'service-information',
          description:
            'Per service, the referrer and patient information to publish: what the service offers, who it is for, any exclusions, locations and the team leading it',
        },
      ],
      signOffRole: 'clinical-lead',
      gate: false,
      weight: 3,
      guidance:
        'Patients have a legal right to choose their mental health provider and the team that treats them, and that choice only means something if the information behind it is good. Write, for each service, what it offers, who it is for, what it does not take on, where it runs and which team leads it, in language a GP and patient can use. Have clinicians check it before the services are built on the Directory of Services.',
      source: MENTAL_HEALTH_CHOICE,
    },
    {
      id: 'mental-health.accept-all-appropriate-referrals',
      title: 'Make sure referral review accepts every appropriate referral, including from patients who chose you',
      area: 'referral-management',
      ownerRole: 'clinical-lead',
      dependsOn: ['core.agree-referral-review-rules', 'mental-health.decide-assessment-or-direct-booking'],
      dueOffsetDays: -60,
      evidence: [
        {
          key: 'acceptance-criteria',
          description:
            'Referral review rules stating that appropriate referrals are accepted and listing the clinical grounds on which a referral may be rejected or redirected',
        },
        { key: 'rejection-audit-plan', description: 'Plan for periodically auditing rejected and redirected referrals against those grounds' },
      ],
      signOffRole: 'clinical-lead',
      gate: true,
      weight: 4,
      guidance:
        'The legal right to choice, backed by the NHS Standard Contract, expects providers to take on every referral that is clinically appropriate, whichever route brought the patient to them. Check that the review rules only allow rejection or redirection on clear clinical grounds and that reasons are recorded every time. Plan a regular look at rejected referrals so any drift away from the rules is caught early.',
      source: MENTAL_HEALTH_CHOICE,
    },
    {
      id: 'mental-health.keep-service-information-current',
      title: 'Set a routine to keep mental health service information on e-RS up to date',
      area: 'directory-of-services',
      ownerRole: 'service-manager',
      dependsOn: ['core.build-services-on-directory-of-services', 'mental-health.publish-service-information-for-choice'],
      dueOffsetDays: -30,
      evidence: [
        {
          key: 'review-routine',
          description:
            'Named owner, review frequency and the events that trigger an immediate update (team, location, criteria or capacity changes) for each service',
        },
      ],
      signOffRole: null,
      gate: false,
      weight: 2,
      guidance:
        'Service details go stale quickly when teams reorganise, move or change who they accept, and out-of-date entries undermine patient choice. Give each service an owner who reviews its e-RS entry on a fixed cycle and straight away after any change. Keep a short record of each review so it is clear when the information was last confirmed.',
      source: MENTAL_HEALTH_CHOICE,
    },
  ],
});
