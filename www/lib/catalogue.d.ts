// Generated from the engine's catalogues (src/output/typescript.rs); do not edit.
// Rewrite it with: cargo run --quiet --bin customer-health -- typescript > www/lib/catalogue.d.ts

/** A built-in measure id (its snake_case name in models, results and exports; src/domain/measure.rs `BUILTINS`). */
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
  | 'resolution_hours'
  | 'days_since_last_login';

/** Early-warning flags (src/domain/flag.rs). */
export type Flag =
  | 'usage_trap'
  | 'usage_decline'
  | 'seat_under_use'
  | 'champion_loss'
  | 'release_disruption'
  | 'silence'
  | 'ticket_surge'
  | 'competitor_mention';

/** Satisfaction × usage quadrant (src/domain/quadrant.rs). */
export type Quadrant =
  | 'champion'
  | 'under_user'
  | 'cry_for_help'
  | 'at_risk';

/** The kinds of table the engine recognises from headers (src/domain/report.rs). */
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

/** Segment dimension names (src/output/vocabulary.rs). */
export type SegmentDimension =
  | 'arr_tier'
  | 'region'
  | 'size_tier'
  | 'plan'
  | 'lifecycle_stage';
