import type { PersonRole } from '../../shared/domain/roles';

const GETTING_STARTED = 'https://digital.nhs.uk/services/e-referral-service/document-library/getting-started-advice-for-provider-staff';
const BEST_PRACTICE = 'https://digital.nhs.uk/services/e-referral-service/document-library/best-practice-guidance';
const BUSINESS_ROLES = 'https://digital.nhs.uk/services/e-referral-service/document-library/business-roles';
const DIRECTORY_OF_SERVICES = 'https://digital.nhs.uk/services/e-referral-service/document-library/directory-of-services-creating-and-maintaining-services';
const SLOT_ISSUES = 'https://digital.nhs.uk/services/e-referral-service/document-library/managing-and-minimising-appointment-slot-issues';
const WEB_ONBOARDING = 'https://digital.nhs.uk/services/e-referral-service/web-based-e-referral-service-onboarding';
const IMPLEMENT = 'https://digital.nhs.uk/services/e-referral-service/optimising-e-rs/providers/implement';

export interface RoleDuties {
  /** How the role is named to people ("Booking clerk"): the single source of the `roleLabel` helper. */
  label: string;
  /** What the role does for the e-RS rollout, in our own words, each with the public page it comes from. */
  duties: { text: string; source: string }[];
}

/**
 * The duties each role takes on, used by the role welcome email. Wording is our own summary of the
 * NHS pages named in `source`; those pages change, so every duty keeps its link for re-checking.
 */
export const ROLE_DUTIES: Record<PersonRole, RoleDuties> = {
  'implementation-lead': {
    label: 'Implementation lead',
    duties: [
      { text: 'Own the e-RS rollout from planning to go-live, and keep the plan and go-live date current.', source: GETTING_STARTED },
      { text: 'Make sure everyone affected knows what they are responsible for and is ready for the change to their work.', source: GETTING_STARTED },
      { text: 'Chair the e-RS working group and chase the owners of late or blocked steps.', source: WEB_ONBOARDING },
      { text: 'Hold the go/no-go decision and record what was agreed before going live.', source: IMPLEMENT },
    ],
  },
  'clinical-lead': {
    label: 'Clinical lead',
    duties: [
      { text: 'Take the decisions that have a clinical bearing and keep clinical governance in place throughout the rollout.', source: GETTING_STARTED },
      { text: 'Win the support of clinical colleagues; the national e-RS team has clinical leads who can advise on engagement.', source: GETTING_STARTED },
      { text: 'Review any delegation of clinical actions to non-clinical staff; clinicians stay responsible for those decisions.', source: BEST_PRACTICE },
      { text: 'Agree which e-RS tasks need clinical input and which administrative staff can do, such as booking and rebooking.', source: BEST_PRACTICE },
    ],
  },
  clinician: {
    label: 'Clinician',
    duties: [
      {
        text: 'Describe each of your services: the conditions you treat, the procedures you perform and the SNOMED CT terms that fit.',
        source: GETTING_STARTED,
      },
      { text: 'Agree how you will review referrals and when you will accept, redirect or reject them.', source: GETTING_STARTED },
      {
        text: 'Check your services on the Directory of Services before they are published, so referrers choose them correctly.',
        source: DIRECTORY_OF_SERVICES,
      },
      {
        text: 'Review referrals in your worklists promptly; selecting services and reviewing referral information needs clinical input.',
        source: BEST_PRACTICE,
      },
    ],
  },
  'capacity-manager': {
    label: 'Capacity manager',
    duties: [
      { text: 'Watch the capacity you publish and adjust slot polling ranges so referrers see enough appointments on e-RS.', source: GETTING_STARTED },
      { text: 'Keep Appointment Slot Issues low: most come from too few slots being published for the demand.', source: SLOT_ISSUES },
      { text: 'Review demand against published slots on a regular routine and act before a backlog builds up.', source: SLOT_ISSUES },
    ],
  },
  'booking-clerk': {
    label: 'Booking clerk',
    duties: [
      {
        text: 'Check your e-RS worklists every working day: Referrals for Review, Appointment Slot Issues, Appointments for Booking and Advice and Guidance Requests.',
        source: BEST_PRACTICE,
      },
      {
        text: 'Learn how booking changes for directly bookable services (booked into published slots) and indirectly bookable services (booked by you).',
        source: GETTING_STARTED,
      },
      { text: 'Decide with your team how to handle patients who need to be booked outside e-RS, and follow that process.', source: GETTING_STARTED },
      { text: 'Book and rebook appointments; leave decisions about clinical suitability to clinicians.', source: BEST_PRACTICE },
    ],
  },
  'it-lead': {
    label: 'IT lead',
    duties: [
      { text: 'Work out what the technical deployment of e-RS needs and make sure every device used is fit for purpose.', source: GETTING_STARTED },
      { text: 'Liaise with external suppliers, such as the patient administration system (PAS) supplier.', source: GETTING_STARTED },
      { text: 'Put the right equipment, infrastructure and user support in place wherever staff use e-RS.', source: BEST_PRACTICE },
      { text: 'Confirm compatible devices and HSCN or internet access, with smartcards or other Care Identity authenticators.', source: WEB_ONBOARDING },
    ],
  },
  'ra-manager': {
    label: 'RA manager',
    duties: [
      { text: 'Once sponsors are agreed, decide which e-RS business functions each group of staff needs.', source: GETTING_STARTED },
      {
        text: 'Grant business functions such as Service Provider Clinician (B1110), Clinician Admin (B1115) and Admin (B1120), keeping access to what each job needs.',
        source: BUSINESS_ROLES,
      },
      { text: 'Link every Service Provider Clinician Admin to a clinician in the same service workgroup.', source: BUSINESS_ROLES },
      { text: 'Issue smartcards and run a routine for starters, movers and leavers.', source: BUSINESS_ROLES },
    ],
  },
  'training-lead': {
    label: 'Training lead',
    duties: [
      { text: 'Provide training for every e-RS user, matched to the tasks of their role.', source: GETTING_STARTED },
      { text: 'Keep records showing that users are trained and up to date with information governance requirements.', source: BEST_PRACTICE },
    ],
  },
  'information-governance-lead': {
    label: 'Information governance lead',
    duties: [
      { text: 'Make sure everyone using e-RS meets the required information governance standards.', source: BEST_PRACTICE },
      { text: 'Keep the Data Security and Protection Toolkit (DSPT) submission current before go-live.', source: WEB_ONBOARDING },
    ],
  },
  'service-manager': {
    label: 'Service manager',
    duties: [
      {
        text: 'Build and maintain your services on the Directory of Services, the part of e-RS referrers use to find and book them.',
        source: DIRECTORY_OF_SERVICES,
      },
      { text: 'Name who monitors each worklist every day, with cover for absences.', source: BEST_PRACTICE },
      { text: 'Keep the access policy and referral management policy in line with the e-RS guidelines, and check staff follow them.', source: BEST_PRACTICE },
      { text: 'Tell your commissioners when services are published so they can commission them for the primary care menu.', source: GETTING_STARTED },
    ],
  },
  'clinical-safety-officer': {
    label: 'Clinical Safety Officer',
    duties: [
      { text: 'Act as the named Clinical Safety Officer for the e-RS deployment and lead its clinical risk assessment under DCB0160.', source: WEB_ONBOARDING },
      { text: 'Confirm clinical safety assurance is in place before the go/no-go decision.', source: WEB_ONBOARDING },
    ],
  },
};
