// TypeScript definitions of the health model and playbooks (src/model/config.rs,
// src/model/playbooks.rs); re-exported by types.d.ts. Same conventions as types.d.ts.
import type { Flag, Measure, Quadrant } from './types.js';

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
export interface UsageDeclineRule { drop_at_least: number; min_previous_events: number; swing_weeks?: number; swing_multiple?: number; risk: number }
export interface SeatUnderUseRule { utilisation_below: number; min_seats: number; risk: number }
/** Champion: top users far above the median colleague; lost after max(quiet_days, usual_gap_multiple × their usual longest break). */
export interface ChampionLossRule { quiet_days: number; watch_days?: number; lookback_days: number; champion_multiple?: number; min_active_days?: number; max_champions?: number; standout_margin?: number; usual_gap_multiple?: number; risk: number }
/** Weekly medians around releases up to lookback_days old; the drop must last persist_weeks, be clear_of_chance standard errors beyond chance variation; min_events_before is per week. */
export interface ReleaseDisruptionRule { lookback_days?: number; window_days: number; drop_at_least: number; persist_weeks?: number; min_events_before: number; clear_of_chance?: number; risk: number }
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
