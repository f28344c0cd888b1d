// Hand-written TypeScript definitions of the engine's JSON contract.
// They mirror, field for field, src/results.rs, src/ingest/report.rs, src/model/config.rs,
// src/model/playbooks.rs, src/metrics/measure.rs and src/analysis/backtest.rs.
// Conventions of the wasm boundary (serde-wasm-bindgen, JSON-compatible):
//   Rust `Option<T>` → `T | null`; tuples → fixed-length arrays; u64 → number.
// The catalogue unions (Measure, Flag, Quadrant, TableKind, SegmentDimension) are generated
// from the engine into catalogue.d.ts; they are not written here.

import type { Flag, Measure, Quadrant, SegmentDimension, TableKind } from './catalogue.js';
export * from './catalogue.js';

// ───────────────────────────── measures (src/metrics/measure.rs) ─────────────────────────────

/** Which family a measure belongs to. */
export type Family = 'human_centred' | 'data_driven';

/** One entry of the measure catalogue (`EngineInfo.measures`). */
export interface MeasureInfo {
  id: Measure;
  unit: string;
  family: Family;
}

/** One field a table kind understands (`Vocabulary.table_kinds[].fields`). */
export interface FieldInfo {
  name: string;
  required: boolean;
}

// ───────────────────────────── vocabulary (src/output/vocabulary.rs) ─────────────────────────

/** One named thing: id, the label a person reads, and what it means. */
export interface Term {
  id: string;
  label: string;
  description: string;
}

/** A quadrant's words: plural heading, chip text, axes, meaning and colour. */
export interface QuadrantTerm {
  id: Quadrant;
  label: string;
  short: string;
  axis: string;
  description: string;
  color: string;
}

/** A band of the model: label, colour and lowest score. */
export interface BandTerm {
  id: string;
  label: string;
  color: string;
  min: number;
}

/** A measure's words: label, unit, family and meaning; `custom` when the model declares it. */
export interface MeasureTerm {
  id: string;
  label: string;
  unit: string;
  family: Family;
  description: string;
  custom: boolean;
}

/** A table kind's words and the fields it understands. */
export interface TableTerm {
  id: TableKind;
  label: string;
  description: string;
  fields: FieldInfo[];
}

/** Labels, colours and descriptions for everything the engine names (`vocabulary()`). */
export interface Vocabulary {
  quadrants: QuadrantTerm[];
  flags: Term[];
  bands: BandTerm[];
  measures: MeasureTerm[];
  segment_dimensions: Term[];
  table_kinds: TableTerm[];
  /** Default share of the model's weight below which a score is marked low coverage. */
  low_coverage_below: number;
}

// ───────────────────────────── ingest reports (src/ingest/report.rs) ─────────────────────────

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
  /** Header text → rating scale id (`one_to_five`, `zero_to_ten`, `nps_score`…); `"Header#csat"` names one survey type. */
  scales?: Record<string, string>;
}

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
  /** Columns read as a whole (types, rating scales, churn-label encodings), with evidence. */
  readings?: ColumnReading[];
  /** Columns not used, with what each could become. */
  unused?: UnusedColumn[];
  /** Name of the saved mapping applied to this file (docs/reading-values.md). */
  profile?: string;
  /** How the kind and columns were decided from header and values (docs/recognition.md). */
  recognition?: RecognitionReport;
}

/** How one column's values were read as a whole. */
export interface ColumnReading {
  index: number;
  header: string;
  field: string | null;
  /** `number`, `date`, `yes_no`, `category`, a scale id (`one_to_five`…) or a label encoding. */
  reading: string;
  evidence: string;
  /** Another reading fits as well: confirm it. */
  ambiguous?: boolean;
  /** Chosen by the user's override. */
  overridden?: boolean;
  /** Scale ids that may be chosen instead (rating columns). */
  options?: string[];
}

/** A column the engine did not use, and what it could become. */
export interface UnusedColumn {
  index: number;
  header: string;
  /** `number`, `date`, `yes_no`, `category` or `empty`. */
  value_type: string;
  /** Fields of the file's table it could feed. */
  fields?: string[];
  /** Custom measure kind it could become (accounts tables). */
  measure?: string;
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
  /** Median among the healthiest; for a yes/no measure (statistic "share_yes") the share with a yes. */
  healthy_median: number;
  others_median: number;
  statistic: 'median' | 'share_yes';
  /** Healthiest minus others, in points of the 0–100 scale (at least 10 in size). */
  gap: number;
  healthy_accounts: number;
  others_accounts: number;
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

// The model and playbook types are in model-types.d.ts.
export * from './model-types.js';
