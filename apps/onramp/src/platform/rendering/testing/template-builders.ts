import type {
  ComplianceEmailModel,
  ComplianceReportModel,
  ComplianceRow,
  OrganisationRef,
  PortfolioReportModel,
  PortfolioRow,
  ReadinessReportModel,
  Recipient,
  PasswordResetModel,
  RoleWelcomeModel,
  SignOffRequestedModel,
  StepAssignedModel,
  StepCard,
  StepDueSoonModel,
  StepOverdueModel,
  StepReopenedModel,
  StepUnblockedModel,
  WeeklyDigestModel,
} from '../template-models';

/*
 * Test-data builders for template models: complete, typed defaults (so the compiler tells us when
 * template-models.ts grows a field) with overrides per test. Arrays are non-empty so the builders
 * double as shape exemplars for checking fixture.json files.
 */

const BASE = 'https://onramp.test/organisations/RX9';

export const aRecipient = (o: Partial<Recipient> = {}): Recipient => ({ name: 'Aisha Khan', email: 'aisha@example.test', role: 'service-manager', ...o });
export const anOrganisation = (o: Partial<OrganisationRef> = {}): OrganisationRef => ({ odsCode: 'RX9', name: 'Riverside Valley Hospitals NHS Trust', ...o });

export const aStepCard = (o: Partial<StepCard> = {}): StepCard => ({
  id: 'core.build-services-on-directory-of-services',
  title: 'Build and publish services on the e-RS Directory of Services',
  area: 'directory-of-services',
  ownerRole: 'service-manager',
  guidance: 'Create each service on the Directory of Services and have clinicians check it.',
  source: 'https://digital.nhs.uk/services/e-referral-service/document-library/directory-of-services-creating-and-maintaining-services',
  dueDate: '2026-12-16',
  gate: true,
  signOffRole: 'clinical-lead',
  evidenceRequired: [{ key: 'service-id-list', description: 'List of published services with their e-RS Service IDs' }],
  link: `${BASE}/steps/core.build-services-on-directory-of-services`,
  ...o,
});

export const aStepAssignedModel = (o: Partial<StepAssignedModel> = {}): StepAssignedModel => ({
  recipient: aRecipient(),
  organisation: anOrganisation(),
  step: aStepCard(),
  today: '2026-11-23',
  assignedBy: 'Priya Shah',
  ...o,
});

export const aStepUnblockedModel = (o: Partial<StepUnblockedModel> = {}): StepUnblockedModel => ({
  recipient: aRecipient(),
  organisation: anOrganisation(),
  step: aStepCard(),
  today: '2026-11-23',
  completed: [{ id: 'core.link-services-to-pas', title: 'Link directly bookable services to the PAS' }],
  ...o,
});

export const aStepDueSoonModel = (o: Partial<StepDueSoonModel> = {}): StepDueSoonModel => ({
  recipient: aRecipient(),
  organisation: anOrganisation(),
  step: aStepCard(),
  today: '2026-12-11',
  daysLeft: 5,
  ...o,
});

export const aStepOverdueModel = (o: Partial<StepOverdueModel> = {}): StepOverdueModel => ({
  recipient: aRecipient(),
  organisation: anOrganisation(),
  step: aStepCard(),
  today: '2026-12-20',
  daysOverdue: 4,
  ...o,
});

export const aSignOffRequestedModel = (o: Partial<SignOffRequestedModel> = {}): SignOffRequestedModel => ({
  recipient: aRecipient({ name: 'Dr Tom Okafor', role: 'clinical-lead' }),
  organisation: anOrganisation(),
  step: aStepCard(),
  today: '2026-12-14',
  completedBy: 'Aisha Khan',
  completedAt: '2026-12-14T15:42:10.000Z',
  evidence: [{ key: 'service-id-list', description: 'List of published services', reference: 'service-ids.xlsx' }],
  note: 'Dermatology needs a second look.',
  ...o,
});

export const aStepReopenedModel = (o: Partial<StepReopenedModel> = {}): StepReopenedModel => ({
  recipient: aRecipient({ name: 'Aisha Khan', role: 'service-manager' }),
  organisation: anOrganisation(),
  step: aStepCard(),
  today: '2026-12-15',
  reopenedBy: 'Dr Tom Okafor',
  reopenedAt: '2026-12-15T10:05:00.000Z',
  reason: 'The referrer notes for dermatology still describe the old clinic.',
  previous: {
    status: 'awaiting-sign-off',
    completedBy: 'Aisha Khan',
    completedAt: '2026-12-14T15:42:10.000Z',
    evidence: [{ key: 'service-id-list', description: 'List of published services', reference: 'service-ids.xlsx' }],
    note: 'Dermatology needs a second look.',
  },
  ...o,
});

export const aPasswordResetModel = (o: Partial<PasswordResetModel> = {}): PasswordResetModel => ({
  account: { name: 'Sam Reid', email: 'sam.reid@rivervalley.nhs.example' },
  link: 'https://onramp.example/account/reset-password?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  expiresInMinutes: 60,
  ...o,
});

export const aRoleWelcomeModel = (o: Partial<RoleWelcomeModel> = {}): RoleWelcomeModel => ({
  recipient: aRecipient({ name: 'Sam Reid', role: 'booking-clerk' }),
  organisation: anOrganisation(),
  today: '2026-11-23',
  role: {
    id: 'booking-clerk',
    label: 'Booking clerk',
    duties: [
      { text: 'Check your worklists every working day.', source: 'https://digital.nhs.uk/services/e-referral-service/document-library/best-practice-guidance' },
    ],
  },
  steps: [
    {
      id: 'core.define-outside-ers-booking-process',
      title: 'Decide how to handle bookings outside e-RS',
      dueDate: '2026-12-31',
      link: `${BASE}/steps/core.define-outside-ers-booking-process`,
    },
  ],
  runLink: BASE,
  access: { kind: 'set-password', link: 'https://onramp.example/account/set-password?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', expiresInHours: 72 },
  ...o,
});

export const aWeeklyDigestModel = (o: Partial<WeeklyDigestModel> = {}): WeeklyDigestModel => ({
  recipient: aRecipient({ name: 'Priya Shah', role: 'implementation-lead' }),
  organisation: anOrganisation(),
  today: '2026-12-07',
  week: { from: '2026-11-30', to: '2026-12-06' },
  readiness: {
    score: 40,
    rag: 'red',
    reasons: ['A go-live gate step is overdue'],
    goLiveDate: '2027-03-01',
    gate: { go: false, missing: [{ id: 'core.train-all-ers-users', title: 'Train all e-RS users before go-live' }] },
    forecast: { completionDate: '2027-03-20', daysAfterGoLive: 19, note: '8 steps settled in the last 28 days.' },
  },
  changes: [{ at: '2026-12-01T11:02:00.000Z', summary: 'Dr Tom Okafor signed off a step' }],
  overdue: [
    {
      id: 'core.issue-smartcards-and-business-functions',
      title: 'Issue smartcards',
      dueDate: '2026-12-01',
      assignee: 'Gareth Evans',
      link: `${BASE}/steps/core.issue-smartcards-and-business-functions`,
    },
  ],
  nextDue: [
    {
      id: 'core.link-services-to-pas',
      title: 'Link services to the PAS',
      dueDate: '2026-12-31',
      assignee: null,
      link: `${BASE}/steps/core.link-services-to-pas`,
    },
  ],
  runLink: BASE,
  ...o,
});

const BEST_PRACTICE = 'https://digital.nhs.uk/services/e-referral-service/document-library/best-practice-guidance';

export const aComplianceRow = (o: Partial<ComplianceRow> = {}): ComplianceRow => ({
  organisation: { ...anOrganisation(), type: 'acute' },
  score: 40,
  rag: 'red',
  goLiveDate: '2027-03-01',
  guidelines: [
    {
      id: 'worklists-monitored-daily',
      title: 'Worklists are monitored every working day',
      status: 'not-met',
      evidence: 'Gaps on 24 and 25 November 2026.',
      source: BEST_PRACTICE,
    },
  ],
  ...o,
});

export const aComplianceReportModel = (o: Partial<ComplianceReportModel> = {}): ComplianceReportModel => ({
  generatedAt: '2026-12-07T07:00:00.000Z',
  today: '2026-12-07',
  guidelines: [{ id: 'worklists-monitored-daily', title: 'Worklists are monitored every working day', source: BEST_PRACTICE }],
  summary: { organisations: 1, met: 0, notMet: 1, unknown: 0 },
  organisations: [aComplianceRow()],
  reportLink: 'https://onramp.test/reports/compliance',
  ...o,
});

export const aComplianceEmailModel = (o: Partial<ComplianceEmailModel> = {}): ComplianceEmailModel => ({
  ...aComplianceReportModel(),
  auditAnchor: { chains: 3, file: 'audit-checkpoints-2026-12-07.jsonl', keyId: '3f9c2a7d41b8e6c0' },
  ...o,
});

export const aPortfolioRow = (o: Partial<PortfolioRow> = {}): PortfolioRow => ({
  organisation: { ...anOrganisation(), type: 'acute' },
  hasRun: true,
  goLiveDate: '2027-03-01',
  score: 40,
  rag: 'red',
  gateGo: false,
  gateMissing: 12,
  forecastDate: '2027-03-20',
  daysAfterGoLive: 19,
  overdue: 8,
  overdueGate: 2,
  ...o,
});

export const aPortfolioReportModel = (o: Partial<PortfolioReportModel> = {}): PortfolioReportModel => ({
  generatedAt: '2026-12-07T07:30:00.000Z',
  today: '2026-12-07',
  summary: { organisations: 1, red: 1, amber: 0, green: 0, notStarted: 0, gateGo: 0 },
  organisations: [aPortfolioRow()],
  ...o,
});

export const aReadinessReportModel = (o: Partial<ReadinessReportModel> = {}): ReadinessReportModel => ({
  organisation: { ...anOrganisation(), type: 'acute' },
  generatedAt: '2026-12-07T08:00:00.000Z',
  today: '2026-12-07',
  runVersion: 3,
  catalogueVersion: '2026.11.1',
  plugins: [{ id: 'acute', version: '1.0.0' }],
  goLiveDate: '2027-03-01',
  score: 40,
  rag: { status: 'red', reasons: ['A go-live gate step is overdue'] },
  gate: {
    go: false,
    missing: [{ id: 'core.train-all-ers-users', title: 'Train all e-RS users before go-live', status: 'not-started', dueDate: '2027-02-15', overdue: false }],
  },
  areas: [{ area: 'training', label: 'Training', score: 0, rag: 'amber', total: 2, settled: 0, overdue: 1 }],
  blockers: [
    {
      id: 'core.issue-smartcards-and-business-functions',
      title: 'Issue smartcards',
      status: 'in-progress',
      overdue: true,
      blocking: ['core.train-all-ers-users'],
    },
  ],
  forecast: { completionDate: '2027-03-20', daysAfterGoLive: 19, note: '8 steps settled in the last 28 days.' },
  counts: { total: 2, overdue: 1, done: 0, waived: 0, awaitingSignOff: 0, inProgress: 1, notStarted: 1 },
  steps: [
    {
      id: 'core.train-all-ers-users',
      title: 'Train all e-RS users before go-live',
      area: 'training',
      status: 'not-started',
      statusLabel: 'Not started',
      dueDate: '2027-02-15',
      overdue: false,
      gate: true,
      assignee: null,
      addedBy: 'core checklist',
    },
  ],
  progress: [{ date: '2026-12-07', settled: 0 }],
  charts: {
    areas: '<svg xmlns="http://www.w3.org/2000/svg" data-chart="areas"></svg>',
    progress: '<svg xmlns="http://www.w3.org/2000/svg" data-chart="progress"></svg>',
  },
  ...o,
});

/** One complete model per template, keyed like the engine's names: the exemplars fixtures are checked against. */
export const EXEMPLARS = {
  email: {
    'step-assigned': aStepAssignedModel(),
    'step-unblocked': aStepUnblockedModel(),
    'step-due-soon': aStepDueSoonModel(),
    'step-overdue': aStepOverdueModel(),
    'sign-off-requested': aSignOffRequestedModel(),
    'step-reopened': aStepReopenedModel(),
    'role-welcome': aRoleWelcomeModel(),
    'password-reset': aPasswordResetModel(),
    'weekly-digest': aWeeklyDigestModel(),
    'compliance-report': aComplianceEmailModel(),
  },
  report: {
    readiness: aReadinessReportModel(),
    portfolio: aPortfolioReportModel(),
    compliance: aComplianceReportModel(),
  },
} as const;

/** Strings that try to break out of HTML, attributes, headers, Markdown and Handlebars itself. */
export const HOSTILE = {
  script: '<script>alert("x")</script>',
  attribute: '" onmouseover="alert(1)',
  ampersand: 'Smith & Jones <Partners>',
  crlf: 'Weekly\r\nBcc: attacker@example.test\r\n\r\nhello',
  handlebars: '{{constructor.constructor "return process"}}',
  markdown: '| [click](https://evil.test) ![img](x) <b>bold</b> *',
};
