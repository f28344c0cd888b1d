// Hand-written TypeScript definitions of the engine's JSON contract.
// They mirror, field for field, src/results.rs, src/ingest/report.rs, src/model/config.rs,
// src/model/playbooks.rs, src/metrics/measure.rs and src/analysis/backtest.rs.
// Conventions of the wasm boundary (serde-wasm-bindgen, JSON-compatible):
//   Rust `Option<T>` → `T | null`; tuples → fixed-length arrays; u64 → number.

// ───────────────────────────── measures (src/metrics/measure.rs) ─────────────────────────────

/** Which family a measure belongs to. */
export type Family = 'human_centred' | 'data_driven';

/** A per-account measure id (its snake_case name in models, results and exports). */
export type Measure =
  | 'goal_attainment'
  | 'milestone_progress'
  | 'success_plan'
  | 'engagement_cadence'
  | 'days_since_touchpoint'
  | 'csat'
  | 'nps'
  | 'empowerment'
  | 'usage_frequency'
  | 'usage_trend'
  | 'login_consistency'
  | 'feature_breadth'
  | 'high_impact_adoption'
  | 'seat_utilisation'
  | 'stickiness'
  | 'ticket_load'
  | 'resolution_hours';

/** One entry of the measure catalogue (`measures()` in the raw bindings). */
export interface MeasureInfo {
  id: Measure;
  unit: string;
  family: Family;
}

/** One field a table kind understands (`table_fields()` in the raw bindings). */
export interface FieldInfo {
  name: string;
  required: boolean;
}

// ───────────────────────────── ingest reports (src/ingest/report.rs) ─────────────────────────

/** The kinds of table the engine recognises from headers. */
export type TableKind =
  | 'accounts'
  | 'subscriptions'
  | 'usage'
  | 'surveys'
  | 'tickets'
  | 'goals'
  | 'touchpoints'
  | 'releases'
  | 'churn_events';

/** Input format detected for a file. */
export type FileFormat =
  | { type: 'csv'; /** One of `,` `;` `\t` `|`. */ delimiter: string }
  | { type: 'json' };

/** How one input column was mapped. */
export interface ColumnMapping {
  /** 0-based column position. */
  index: number;
  /** Header text as found in the file. */
  header: string;
  /** Engine field it feeds (e.g. `account_id`, `date`, `arr`), or null if ignored. */
  field: string | null;
}

/** A user's correction for one file: force the table kind and/or the field of some columns. */
export interface MappingOverride {
  kind?: TableKind | null;
  /** Header text → field name; `""` or `"ignore"` means "do not use this column". */
  columns?: Record<string, string>;
  scales?: Record<string, RatingScale>; // header (or "Header#csat") → scale, see docs/reading-values.md
}
export type RatingScale = 'one_to_five' | 'zero_to_five' | 'one_to_seven' | 'one_to_ten' | 'zero_to_ten' | 'percent' | 'share' | 'nps_score';
export interface ColumnReading { index: number; header: string; field: string | null; reading: string; evidence: string; ambiguous?: boolean; overridden?: boolean; options?: RatingScale[] }
export interface UnusedColumn { index: number; header: string; value_type: 'number' | 'date' | 'yes_no' | 'category' | 'empty'; fields?: string[]; measure?: 'number' | 'days_since' | 'yes_no' | 'category' }

/** Whether a problem cost the whole row or only one cell. */
export type IssueSeverity = 'rejected' | 'cell_ignored';

/** One rejected row or ignored cell, located precisely. */
export interface RowIssue {
  file: string;
  /** 1-based physical line where the record starts (CSV header = line 1; JSON: object position). */
  line: number;
  /** Header of the offending column, when one column is to blame. */
  column: string | null;
  reason: string;
  severity: IssueSeverity;
}

/** Everything ingest knows about one input file. */
export interface FileReport {
  name: string;
  format: FileFormat | null;
  kind: TableKind | null;
  /** Recognition score per candidate kind, best first. */
  candidates: Array<[TableKind, number]>;
  mapping: ColumnMapping[];
  bytes: number;
  /** Always `rows_used + rows_rejected`. */
  rows_read: number;
  rows_used: number;
  rows_rejected: number;
  cells_ignored: number;
  /** Counts per reason (all of them, even past the detail cap). */
  reasons: Array<[string, number]>;
  /** Detailed issues, capped per file (see `issues_truncated`). */
  issues: RowIssue[];
  issues_truncated: boolean;
  /** File-level problem (empty file, unrecognised table, missing required column…). */
  error: string | null;
  notes: string[];
  readings?: ColumnReading[]; unused?: UnusedColumn[]; profile?: string; // see docs/reading-values.md
  /** How the kind and columns were decided from header and values (docs/recognition.md). */
  recognition?: RecognitionReport;
}

/** Recognition evidence: kind confidence 0–1, rows sampled, scores per kind, reasons, columns. */
export interface RecognitionReport {
  confidence: number;
  sampled_rows: number;
  scores: Array<[TableKind, number]>;
  reasons: string[];
  columns: Array<{ index: number; field: string | null; confidence: number; reason: string }>;
}

// ───────────────────────────── results (src/results.rs) ─────────────────────────────────────

/** Satisfaction × usage quadrant. */
export type Quadrant = 'champion' | 'under_user' | 'cry_for_help' | 'at_risk';

/** Early-warning flags. */
export type Flag =
  | 'usage_trap'
  | 'usage_decline'
  | 'seat_under_use'
  | 'champion_loss'
  | 'release_disruption'
  | 'silence'
  | 'ticket_surge'
  | 'competitor_mention';

/** A raised flag with the evidence behind it. */
export interface NearMiss { flag: Flag; evidence: string }
export interface FlagHit {
  flag: Flag;
  evidence: string;
  /** Risk this flag adds to the account's priority. */
  risk: number;
}

/** One measure's contribution to an account's score. */
export interface Component {
  measure: Measure;
  family: Family;
  /** Group id from the model. */
  group: string;
  unit: string;
  raw: number | null;
  /** Normalised 0–100 score, null when missing. */
  normalized: number | null;
  weight: number;
  applied_weight: number;
  nominal_weight: number;
  contribution: number;
  previous_normalized: number | null;
  rows: number;
  evidence: string;
}

/** Where an account sits in the outreach list. */
export interface Priority {
  /** 1 = call first. */
  rank: number;
  risk: number;
  revenue_at_risk: number | null;
  play: string;
  reason: string;
}

/** The segment an account falls in, per dimension. */
export interface SegmentKeys {
  arr_tier: string | null;
  region: string | null;
  size_tier: string | null;
  plan: string | null;
  /** Lifecycle stage label (models with `lifecycle` stages), else null. */
  lifecycle_stage: string | null;
}

/** One scored account. */
export interface AccountResult {
  account_id: string;
  name: string | null;
  arr: number | null;
  plan: string | null;
  region: string | null;
  owner: string | null;
  /** Lifecycle stage id at as-of; null without model stages or when tenure is unknown. */
  lifecycle_stage: string | null;
  /** Days since the account started (start date, else first subscription start, else first
   *  activity); null when unknown. */
  tenure_days: number | null;
  /** 0–100, null when no measure had data. */
  health_score: number | null;
  /** Band id from the model. */
  band: string | null;
  previous_score: number | null;
  trend: number | null;
  trend_explanation: string | null;
  satisfaction_index: number | null;
  usage_index: number | null;
  quadrant: Quadrant | null;
  /** Fraction 0–1 of expected value received. */
  value_realized: number | null;
  flags: FlagHit[];
  /** Rules that came close without firing, e.g. "champion … quiet 18 days; fires at 21". */
  near_misses: NearMiss[];
  components: Component[];
  /** Share 0–1 of the model's weight that had data for this account. */
  coverage: number;
  priority: Priority | null;
  segments: SegmentKeys;
  override_reason: string | null;
  computed_score: number | null;
}

/** Segment dimension names. */
export type SegmentDimension = 'arr_tier' | 'region' | 'size_tier' | 'plan' | 'lifecycle_stage';

/** Aggregates of one segment. */
export interface SegmentStats {
  dimension: SegmentDimension;
  label: string;
  accounts: number;
  scored: number;
  mean_score: number | null;
  median_score: number | null;
  arr: number;
  revenue_at_risk: number;
  /** Accounts per band id, in band order. */
  bands: Array<[string, number]>;
  quadrants: Array<[Quadrant, number]>;
}

/** What the healthiest accounts do that the others don't. */
export interface HealthyPattern {
  measure: Measure;
  unit: string;
  healthy_median: number;
  others_median: number;
  sentence: string;
}

/** Portfolio totals. */
export interface Summary {
  as_of: string;
  model_name: string;
  model_version: string;
  accounts: number;
  scored: number;
  mean_score: number | null;
  bands: Array<[string, number]>;
  quadrants: Array<[Quadrant, number]>;
  flags: Array<[Flag, number]>;
  /** Accounts per lifecycle stage id, in stage order (empty without stages). */
  lifecycle_stages: Array<[string, number]>;
  /** Accounts whose tenure is unknown (scored with the default normalisation). */
  tenure_unknown: number;
  total_arr: number;
  revenue_at_risk: number;
  rows_read: number;
  rows_used: number;
  rows_rejected: number;
  satisfaction_cut: number;
  usage_cut: number | null;
  /** 1–5. */
  maturity_level: number;
  maturity_next_step: string;
  priority_note: string;
}

/** Which records decided churn in a backtest. */
export type OutcomeSource = 'dated' | 'events' | 'subscriptions' | 'account_flag';

/** One row of a calibration table. */
export interface CalibrationRow {
  /** 1 = riskiest tenth. */
  decile: number;
  /** Accounts in the decile (fractional when a tie straddles its edge). */
  accounts: number;
  /** Mean predicted churn. */
  predicted: number;
  /** Observed churn rate. */
  observed: number;
}

/** One point of a ROC curve: flagging every account with risk ≥ `threshold`. */
export interface RocPoint {
  fpr: number;
  tpr: number;
  /** null for the (0, 0) start. */
  threshold: number | null;
}

/** Backtest figures of one measure or flag. */
export interface SignalFigures {
  kind: 'measure' | 'flag';
  /** Measure or flag id. */
  id: Measure | Flag;
  accounts: number;
  churned: number;
  auc: number | null;
  lift: number | null;
  /** Flags only: accounts on which the flag fired (absent for measures). */
  fired?: number;
}

/** Churn backtest (src/analysis/backtest/mod.rs). */
export interface Backtest {
  /** The cut-off the historic scores are computed at (YYYY-MM-DD). */
  scored_at: string;
  horizon_days: number;
  /** Last day of the outcome window (YYYY-MM-DD). */
  outcome_until: string;
  outcome_source: OutcomeSource;
  /** Present when the outcomes are weak evidence (undated flag). */
  caveat: string | null;
  scored: number;
  churned: number;
  /** churned ÷ scored. */
  base_rate: number;
  auc: number;
  auc_standard_error: number | null;
  lift_top_decile: number | null;
  /** Per band: [band id, accounts, churned]. */
  bands: Array<[string, number, number]>;
  calibration: CalibrationRow[];
  calibration_note: string;
  roc: RocPoint[];
  signals: SignalFigures[];
  sentence: string;
}

/** Everything one scoring run returns. */
export interface Results {
  accounts: AccountResult[];
  rejected_rows: RowIssue[];
  files: FileReport[];
  summary: Summary;
  segments: SegmentStats[];
  healthy_patterns: HealthyPattern[];
  backtest: Backtest | null;
}

// ───────────────────────────── model (src/model/config.rs, playbooks.rs) ───────────────────

export interface Windows {
  recent_days: number;
  consistency_weeks: number;
  ticket_days: number;
  touchpoint_days: number;
  survey_days: number;
  trend_days: number;
  backtest_days?: number;
}

export type Normalize =
  | { method: 'thresholds'; /** `[raw, score]` points, ascending raw. */ points: Array<[number, number]> }
  | { method: 'percentile'; higher_is_better?: boolean };

export interface MeasureWeight {
  measure: Measure;
  weight: number;
  normalize: Normalize;
  /** Normalisation for accounts in a lifecycle stage, keyed by stage id. */
  by_stage?: Record<string, Normalize>;
}

export interface Group {
  id: string;
  label: string;
  weight: number;
  measures: MeasureWeight[];
}

export interface Band {
  id: string;
  label: string;
  /** Lowest score in the band. */
  min: number;
  /** CSS colour, e.g. `#1f7a4d`. */
  color: string;
}

/** A fixed 0–100 cut, or `"median"` for the portfolio median. */
export type Cut = number | 'median';

export interface QuadrantConfig {
  satisfaction_measures: Measure[];
  satisfaction_cut: number;
  usage_measures: Measure[];
  usage_cut: Cut;
}

export interface UsageTrapRule { goal_attainment_below: number; risk: number }
export interface UsageDeclineRule { drop_at_least: number; min_previous_events: number; risk: number }
export interface SeatUnderUseRule { utilisation_below: number; min_seats: number; risk: number }
/** Champion: top users far above the median colleague; lost after max(quiet_days, usual_gap_multiple × their usual longest break). */
export interface ChampionLossRule { quiet_days: number; watch_days?: number; lookback_days: number; champion_multiple?: number; min_active_days?: number; max_champions?: number; usual_gap_multiple?: number; risk: number }
/** Weekly medians around releases up to lookback_days old; the drop must last persist_weeks; min_events_before is per week. */
export interface ReleaseDisruptionRule { lookback_days?: number; window_days: number; drop_at_least: number; persist_weeks?: number; min_events_before: number; risk: number }
export interface SilenceRule {
  quiet_days: number;
  /** The quiet spell must also be this multiple of the account's usual gap between contacts. */
  usual_gap_multiple?: number;
  /** Contacts needed before the silence for a usual gap to exist. */
  min_contacts?: number;
  risk: number;
}
export interface TicketSurgeRule { recent_days: number; ratio_at_least: number; min_tickets: number; risk: number }
export interface CompetitorMentionRule { competitors?: string[]; phrases?: string[]; lookback_days: number; risk: number }

export interface FlagConfig {
  usage_trap: UsageTrapRule;
  usage_decline: UsageDeclineRule;
  seat_under_use: SeatUnderUseRule;
  champion_loss: ChampionLossRule;
  release_disruption: ReleaseDisruptionRule;
  silence: SilenceRule;
  ticket_surge: TicketSurgeRule;
  competitor_mention?: CompetitorMentionRule;
}

export interface Tier { label: string; min: number }

/** A lifecycle stage: tenures from the previous stage's `until_days` up to its own
 *  (exclusive); the last stage is open-ended (no `until_days`). */
export interface LifecycleStage { id: string; label: string; until_days?: number }

export interface Lifecycle { stages: LifecycleStage[] }

export interface SegmentConfig {
  arr_tiers: Tier[];
  size_tiers: Tier[];
}

/** A manual score override that expires (inclusive, YYYY-MM-DD). */
export interface Override {
  account_id: string;
  health_score: number;
  reason: string;
  expires: string;
}

export interface QuadrantPlaybook {
  title: string;
  meaning: string;
  play: string;
  plays: string[];
  risks: string[];
  effort_share: number;
  watch_for: string[];
}

export interface FlagPlaybook { title: string; action: string }

export interface Playbooks {
  note: string;
  quadrants: Record<Quadrant, QuadrantPlaybook>;
  flags: Record<Flag, FlagPlaybook>;
}

/** A complete health model (pkg-config/model.json is the default). */
export interface Model {
  schema_version: number;
  name: string;
  version: string;
  /** YYYY-MM-DD; null = the latest event date in the data. */
  as_of?: string | null;
  windows: Windows;
  groups: Group[];
  bands: Band[];
  quadrants: QuadrantConfig;
  flags: FlagConfig;
  segments: SegmentConfig;
  high_impact_features?: string[];
  overrides?: Override[];
  playbooks?: Playbooks;
  /** Lifecycle stages by tenure, for `by_stage` normalisation. */
  lifecycle?: Lifecycle;
}
