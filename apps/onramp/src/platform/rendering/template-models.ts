/**
 * The data each template is rendered with. Fixtures (`templates/<kind>/<name>/fixture.json`) have
 * exactly these shapes; the code that sends an email or builds a report produces them. Strings are
 * plain text: templates escape them. Dates are YYYY-MM-DD (days) or ISO instants.
 */

export interface OrganisationRef {
  odsCode: string;
  name: string;
}

export interface Recipient {
  name: string;
  email: string;
  role: string;
}

/** A step as an email shows it. */
export interface StepCard {
  id: string;
  title: string;
  area: string;
  ownerRole: string;
  guidance: string;
  source: string;
  dueDate: string;
  gate: boolean;
  signOffRole: string | null;
  evidenceRequired: { key: string; description: string }[];
  /** Link to the step in Onramp. */
  link: string;
}

export interface StepAssignedModel {
  recipient: Recipient;
  organisation: OrganisationRef;
  step: StepCard;
  today: string;
  assignedBy: string;
}

export interface StepUnblockedModel {
  recipient: Recipient;
  organisation: OrganisationRef;
  step: StepCard;
  today: string;
  /** The dependencies whose completion unblocked the step. */
  completed: { id: string; title: string }[];
}

export interface StepDueSoonModel {
  recipient: Recipient;
  organisation: OrganisationRef;
  step: StepCard;
  today: string;
  daysLeft: number;
}

export interface StepOverdueModel {
  recipient: Recipient;
  organisation: OrganisationRef;
  step: StepCard;
  today: string;
  daysOverdue: number;
}

export interface SignOffRequestedModel {
  recipient: Recipient;
  organisation: OrganisationRef;
  step: StepCard;
  today: string;
  completedBy: string;
  completedAt: string;
  evidence: { key: string; description: string; reference: string }[];
  note: string | null;
}

export interface StepReopenedModel {
  recipient: Recipient;
  organisation: OrganisationRef;
  step: StepCard;
  today: string;
  reopenedBy: string;
  reopenedAt: string;
  reason: string;
  /** What the step held before it was reopened (now in its history). */
  previous: {
    status: string;
    completedBy: string | null;
    completedAt: string | null;
    evidence: { key: string; description: string; reference: string }[];
    note: string | null;
  };
}

export interface RoleWelcomeModel {
  recipient: Recipient;
  organisation: OrganisationRef;
  today: string;
  role: { id: string; label: string; duties: { text: string; source: string }[] };
  /** Steps in the organisation's run owned by this role, soonest first (empty before a run starts). */
  steps: { id: string; title: string; dueDate: string; link: string }[];
  runLink: string;
  /** How the person gets in: a single-use link to set their password (a new account), or the sign-in page. */
  access: { kind: 'set-password' | 'sign-in'; link: string; expiresInHours: number };
}

export interface PasswordResetModel {
  /** The account the email is about (the layout's footer says so). */
  account: { name: string; email: string };
  /** The single-use link; it works for `expiresInMinutes`. */
  link: string;
  expiresInMinutes: number;
}

export interface DigestStep {
  id: string;
  title: string;
  dueDate: string;
  assignee: string | null;
  link: string;
}

export interface WeeklyDigestModel {
  recipient: Recipient;
  organisation: OrganisationRef;
  today: string;
  week: { from: string; to: string };
  readiness: {
    score: number;
    rag: 'red' | 'amber' | 'green';
    reasons: string[];
    goLiveDate: string;
    gate: { go: boolean; missing: { id: string; title: string }[] };
    forecast: { completionDate: string | null; daysAfterGoLive: number | null; note: string };
  };
  /** What happened this week, from the audit trail, oldest first. */
  changes: { at: string; summary: string }[];
  overdue: DigestStep[];
  nextDue: DigestStep[];
  runLink: string;
}

export type ComplianceStatus = 'met' | 'not-met' | 'unknown';

export interface ComplianceRow {
  organisation: OrganisationRef & { type: string };
  score: number | null;
  rag: 'red' | 'amber' | 'green' | null;
  goLiveDate: string | null;
  guidelines: { id: string; title: string; status: ComplianceStatus; evidence: string; source: string }[];
}

/** Also the email sent to the national team (HTML body; the CSV is attached). */
export interface ComplianceReportModel {
  generatedAt: string;
  today: string;
  guidelines: { id: string; title: string; source: string }[];
  summary: { organisations: number; met: number; notMet: number; unknown: number };
  organisations: ComplianceRow[];
  reportLink: string;
}

/** The emailed compliance report: the report, plus the signed audit checkpoints attached to it. */
export interface ComplianceEmailModel extends ComplianceReportModel {
  /**
   * The signed checkpoints of every audit chain, attached as a file, so the national team holds
   * an anchor of each trail outside Onramp's database.
   */
  auditAnchor: { chains: number; file: string; keyId: string };
}

export interface ReadinessReportModel {
  organisation: OrganisationRef & { type: string };
  generatedAt: string;
  today: string;
  runVersion: number;
  catalogueVersion: string;
  plugins: { id: string; version: string }[];
  goLiveDate: string;
  score: number;
  rag: { status: 'red' | 'amber' | 'green'; reasons: string[] };
  gate: { go: boolean; missing: { id: string; title: string; status: string; dueDate: string; overdue: boolean }[] };
  areas: { area: string; label: string; score: number; rag: string; total: number; settled: number; overdue: number }[];
  blockers: { id: string; title: string; status: string; overdue: boolean; blocking: string[] }[];
  forecast: { completionDate: string | null; daysAfterGoLive: number | null; note: string };
  counts: { total: number; overdue: number; done: number; waived: number; awaitingSignOff: number; inProgress: number; notStarted: number };
  steps: {
    id: string;
    title: string;
    area: string;
    status: string;
    statusLabel: string;
    dueDate: string;
    overdue: boolean;
    gate: boolean;
    assignee: string | null;
    addedBy: string;
    // Optional (added for the reports context): the step's record, for the CSV export and detailed views.
    ownerRole?: string;
    /** "label (role)" of whoever completed the step. */
    completedBy?: string | null;
    completedAt?: string | null;
    signedOffBy?: string | null;
    signedOffAt?: string | null;
    waiverReason?: string | null;
    evidence?: { key: string; reference: string }[];
  }[];
  /** Settled steps per day, cumulative, for the completion-over-time chart. */
  progress: { date: string; settled: number }[];
  /** SVG markup generated by Onramp's own chart code (never user text unescaped). */
  charts: { areas: string; progress: string };
}

export interface PortfolioRow {
  organisation: OrganisationRef & { type: string };
  hasRun: boolean;
  goLiveDate: string | null;
  score: number | null;
  rag: 'red' | 'amber' | 'green' | null;
  gateGo: boolean | null;
  gateMissing: number | null;
  forecastDate: string | null;
  daysAfterGoLive: number | null;
  overdue: number | null;
  overdueGate: number | null;
}

export interface PortfolioReportModel {
  generatedAt: string;
  today: string;
  summary: { organisations: number; red: number; amber: number; green: number; notStarted: number; gateGo: number };
  organisations: PortfolioRow[];
}

export type EmailTemplateName =
  | 'step-assigned'
  | 'step-unblocked'
  | 'step-due-soon'
  | 'step-overdue'
  | 'sign-off-requested'
  | 'step-reopened'
  | 'role-welcome'
  | 'password-reset'
  | 'weekly-digest'
  | 'compliance-report';

export type ReportTemplateName = 'readiness' | 'portfolio' | 'compliance';
