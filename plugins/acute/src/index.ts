import { definePlugin } from '../../sdk/src';

const PAPER_SWITCH_OFF_PACK =
  'https://digital.nhs.uk/services/e-referral-service/the-future-of-the-nhs-e-referral-service/paper-switch-off-implementation-pack';
const MOVING_TO_DIRECTLY_BOOKABLE = 'https://digital.nhs.uk/services/e-referral-service/document-library/moving-to-directly-bookable-service';
const REFERRAL_ASSESSMENT_SERVICES = 'https://digital.nhs.uk/services/e-referral-service/document-library/referral-assessment-services';
const STANDARD_CONTRACT_FAQS = 'https://www.england.nhs.uk/digitaltechnology/connecteddigitalsystems/nhs-e-referral-service/standard-contract-faqs/';

/**
 * Acute trusts: switching off paper GP referrals to consultant-led first outpatient appointments,
 * and the service models (directly bookable, Referral Assessment Services, Advice and Guidance)
 * that make e-RS the single referral route.
 *
 * Steps that logically come before a core step (for example the directly-bookable default, which
 * feeds `core.decide-bookability-per-service`) cannot depend on it in reverse, so they are simply
 * due earlier.
 */
export default definePlugin({
  id: 'acute',
  version: '1.0.0',
  hostApi: '^1.0.0',
  organisationTypes: ['acute'],
  description:
    'Acute trust steps for e-RS: an executive-sponsored paper switch-off plan and date agreed with commissioners, a paper referral return process that keeps returns exceptional, directly bookable services wherever the PAS allows, Referral Assessment Service triage, Advice and Guidance, and telling GP practices about the switch-off.',
  steps: [
    {
      id: 'acute.appoint-paper-switch-off-sro',
      title: 'Secure an executive senior responsible owner (SRO) and an approved paper switch-off plan',
      area: 'leadership',
      ownerRole: 'implementation-lead',
      dependsOn: ['core.appoint-implementation-lead'],
      dueOffsetDays: -170,
      evidence: [
        { key: 'sro-appointment', description: 'Record naming the executive director who is senior responsible owner for paper switch-off' },
        {
          key: 'switch-off-plan',
          description: 'Paper switch-off project plan approved by the SRO, covering governance, phasing by specialty, milestones and risks',
        },
      ],
      signOffRole: 'implementation-lead',
      gate: true,
      weight: 5,
      guidance:
        'Stopping paper referrals changes how every specialty receives work, so it needs a board-level owner who can settle disputes and release resources. Ask an executive director to act as SRO and agree a project plan with them that sets out governance, the order in which specialties move and the main risks. Review progress against the plan at the e-RS working group.',
      source: PAPER_SWITCH_OFF_PACK,
    },
    {
      id: 'acute.agree-paper-switch-off-date',
      title: 'Agree and confirm the go-live and paper switch-off date with commissioners',
      area: 'commissioning',
      ownerRole: 'implementation-lead',
      dependsOn: ['acute.appoint-paper-switch-off-sro', 'core.identify-stakeholders'],
      dueOffsetDays: -150,
      evidence: [
        {
          key: 'confirmed-date',
          description: 'Written confirmation from the commissioners and the SRO of the go-live and paper switch-off date, per specialty if phased',
        },
      ],
      signOffRole: 'implementation-lead',
      gate: true,
      weight: 4,
      guidance:
        'Settle the date after which GP referrals to consultant-led first outpatient services will only be accepted through e-RS, together with the commissioners and GP representatives. If specialties move in phases, record a date for each one. Once the date is fixed, every other part of the plan, including capacity and communications, should work back from it.',
      source: PAPER_SWITCH_OFF_PACK,
    },
    {
      id: 'acute.set-directly-bookable-default',
      title: 'Make directly bookable the default for acute services wherever the PAS can publish slots',
      area: 'directory-of-services',
      ownerRole: 'service-manager',
      dependsOn: ['core.liaise-with-pas-supplier', 'core.map-services-to-specialties-and-clinic-types'],
      dueOffsetDays: -115,
      evidence: [
        {
          key: 'directly-bookable-review',
          description: 'Per service, whether the PAS can supply slots to e-RS and whether it will be directly bookable at go-live',
        },
        {
          key: 'conversion-plan',
          description: 'For each service staying indirectly bookable, the reason and a target date for moving it to directly bookable',
        },
      ],
      signOffRole: null,
      gate: false,
      weight: 3,
      guidance:
        'Directly bookable services let the patient leave the GP with an appointment, and they avoid the manual booking work that indirectly bookable services create. Start from the assumption that every service will be directly bookable and only keep a service indirectly bookable where the PAS cannot yet supply its slots or there is a clear operational reason. This review feeds the core bookability decision, so finish it first, and give every exception a plan and date for conversion.',
      source: MOVING_TO_DIRECTLY_BOOKABLE,
    },
    {
      id: 'acute.define-referral-assessment-triage',
      title: 'Define clinical triage for each Referral Assessment Service, allowing for the RTT clock starting on arrival',
      area: 'referral-management',
      ownerRole: 'clinical-lead',
      dependsOn: ['core.decide-ras-and-advice-and-guidance'],
      dueOffsetDays: -90,
      evidence: [
        {
          key: 'ras-triage-protocol',
          description:
            'Per Referral Assessment Service, the triaging clinicians and cover, the target triage time and the onward services referrals can be sent to',
        },
      ],
      signOffRole: 'clinical-lead',
      gate: false,
      weight: 3,
      guidance:
        'A Referral Assessment Service lets clinicians triage a referral before deciding where it goes, but it cannot hold appointments itself, so every outcome needs a route to a bookable service or back to the referrer. On consultant-led pathways the referral to treatment clock is already running from the moment the referral arrives, which makes prompt triage essential. Name the triaging clinicians and their cover, agree a turnaround target and list the onward services for each assessment service.',
      source: REFERRAL_ASSESSMENT_SERVICES,
    },
    {
      id: 'acute.set-up-advice-and-guidance',
      title: 'Set up Advice and Guidance services and agree who answers requests and how quickly',
      area: 'directory-of-services',
      ownerRole: 'clinical-lead',
      dependsOn: ['core.decide-ras-and-advice-and-guidance'],
      dueOffsetDays: -90,
      evidence: [
        { key: 'advice-service-list', description: 'Specialties offering Advice and Guidance on e-RS and the service each request goes to' },
        {
          key: 'response-arrangements',
          description: 'Per Advice and Guidance service, the responding clinicians, cover arrangements and the target response time',
        },
      ],
      signOffRole: 'clinical-lead',
      gate: false,
      weight: 2,
      guidance:
        'Advice and Guidance gives GPs a way to ask a specialist about a patient without making a referral, which can avoid an outpatient appointment altogether. For each specialty that offers it, name the clinicians who respond, arrange cover for leave and agree how quickly answers should be sent. Monitor the Advice and Guidance Requests worklist like any other worklist so questions are not left waiting.',
      source: REFERRAL_ASSESSMENT_SERVICES,
    },
    {
      id: 'acute.agree-paper-referral-return-process',
      title: 'Agree a paper referral return process with commissioners that keeps returns exceptional',
      area: 'referral-management',
      ownerRole: 'service-manager',
      dependsOn: ['acute.agree-paper-switch-off-date', 'core.agree-referral-review-rules'],
      dueOffsetDays: -90,
      evidence: [
        {
          key: 'return-process',
          description:
            'Agreed process for referrals received outside e-RS after switch-off: checks, who contacts the practice, timescales and how urgent referrals are protected',
        },
        { key: 'commissioner-agreement', description: 'Confirmation that the commissioners and GP representatives have agreed the process' },
      ],
      signOffRole: 'implementation-lead',
      gate: true,
      weight: 4,
      guidance:
        'Under Service Condition 6.2A of the NHS Standard Contract, GP referrals to consultant-led first outpatient appointments are expected through e-RS, and payment for others can be withheld, but sending a paper referral back should be a rare event rather than routine. Agree with the commissioners and GP representatives what happens when one arrives: who contacts the practice, how quickly it should be re-sent through e-RS and how urgent referrals are kept safe. Remember that a paper referral still starts the RTT clock when it is received, so delays cost waiting time. Build the agreed process into the referral management policy.',
      source: STANDARD_CONTRACT_FAQS,
    },
    {
      id: 'acute.tell-gp-practices-about-switch-off',
      title: 'Tell GP practices the switch-off date, how to refer through e-RS and what happens to paper referrals',
      area: 'leadership',
      ownerRole: 'implementation-lead',
      dependsOn: ['acute.agree-paper-switch-off-date', 'acute.agree-paper-referral-return-process'],
      dueOffsetDays: -60,
      evidence: [
        {
          key: 'practice-communications',
          description:
            'Copies and dates of the letters, bulletins or briefings sent to GP practices, with the commissioners and local GP representatives involved',
        },
      ],
      signOffRole: null,
      gate: false,
      weight: 2,
      guidance:
        'Referrers need to hear well before the date which services are moving, when paper will stop being accepted and how any paper referral will be handled. Work with the commissioners and local GP representatives so the message reaches every practice through channels they already use. Repeat the message closer to the date and give practices a contact for problems finding services.',
      source: PAPER_SWITCH_OFF_PACK,
    },
    {
      id: 'acute.monitor-paper-referrals-after-switch-off',
      title: 'Track paper referrals still received after switch-off and follow up with the practices sending them',
      area: 'referral-management',
      ownerRole: 'service-manager',
      dependsOn: ['core.go-live', 'acute.agree-paper-referral-return-process'],
      dueOffsetDays: 28,
      evidence: [
        {
          key: 'paper-referral-log',
          description:
            'Log of referrals received outside e-RS since switch-off, by specialty and practice, with the action taken and the time to an e-RS referral',
        },
        { key: 'commissioner-report', description: 'Summary shared with the commissioners, with agreed follow-up for repeat senders' },
      ],
      signOffRole: null,
      gate: false,
      weight: 2,
      guidance:
        'After switch-off, count the referrals that still arrive on paper, by specialty and by sending practice, and check each was handled through the agreed return process. A steady trickle from the same practices points to a communication or access problem that the commissioners can help fix. Share the figures with them regularly until returns are genuinely rare.',
      source: STANDARD_CONTRACT_FAQS,
    },
  ],
});
