// Results that arrive as columns (HealthEngine.score_columns: one typed array per account
// field, plus the rest as JSON) turned into what the views read: `results.accounts[i]` is an
// AccountRow, a two-field view whose getters read column i, so `a.health_score`, `a.quadrant`,
// `a.flags`, `a.priority?.rank`… read like the engine's JSON objects (null for missing values)
// without an object graph per account. Object-valued fields (flags, priority, segments) are
// small views too, made on first access; strings are decoded on first access; both are kept.
//
// Every column is a named field of one AccountColumns object, so a getter is two property
// loads and an element load (no lookup by name on the hot path).

const EMPTY = Object.freeze([]);
const decoder = new TextDecoder();

/** NaN (the columns' missing number) as null, like the JSON results. */
const orNull = (v) => (v === v ? v : null);

/** Optional strings: one UTF-8 buffer, byte offsets, a presence bitmap (Arrow's layout). */
class TextColumn {
  constructor(arrays, name) {
    this.bytes = arrays[`${name}.bytes`];
    this.offsets = arrays[`${name}.offsets`];
    this.present = arrays[`${name}.present`];
    this.values = new Array(this.offsets.length - 1); // decoded entries (null = missing)
    this.text = null; // the whole buffer, decoded on first use
    this.starts = null; // offsets into `text` (UTF-16 units)
  }

  get(i) {
    const value = this.values[i];
    return value !== undefined ? value : (this.values[i] = this.decode(i));
  }

  decode(i) {
    if ((this.present[i >>> 5] & (1 << (i & 31))) === 0) return null;
    if (this.text === null) {
      // One decode for the whole column; entries are slices of it.
      this.text = decoder.decode(this.bytes);
      this.starts = this.text.length === this.bytes.length ? this.offsets : utf16Offsets(this.bytes, this.offsets);
    }
    return this.text.slice(this.starts[i], this.starts[i + 1]);
  }
}

/** UTF-8 byte offsets → UTF-16 offsets in the decoded text (one pass over the bytes). */
function utf16Offsets(bytes, offsets) {
  const out = new Uint32Array(offsets.length);
  let units = 0;
  let b = 0;
  for (let k = 0; k < offsets.length; k++) {
    for (const end = offsets[k]; b < end; b++) {
      const x = bytes[b];
      if ((x & 0xc0) !== 0x80) units += x >= 0xf0 ? 2 : 1; // a 4-byte character is a surrogate pair
    }
    out[k] = units;
  }
  return out;
}

/** The columns of one scoring run, shared by all its rows. `dict` holds the dictionaries. */
class AccountColumns {
  constructor(arrays, dict) {
    const n = arrays.coverage.length;
    this.accountId = new TextColumn(arrays, 'account_id');
    this.name = new TextColumn(arrays, 'name');
    this.trendExplanation = new TextColumn(arrays, 'trend_explanation');
    this.priorityReason = new TextColumn(arrays, 'priority_reason');
    this.flagEvidence = new TextColumn(arrays, 'flag_hits.evidence');
    this.arr = arrays.arr;
    this.tenureDays = arrays.tenure_days;
    this.healthScore = arrays.health_score;
    // Absent from engines built before churn probabilities: read as all missing.
    this.churnProbability = arrays.churn_probability || new Float64Array(n).fill(NaN);
    this.previousScore = arrays.previous_score;
    this.trend = arrays.trend;
    this.satisfactionIndex = arrays.satisfaction_index;
    this.usageIndex = arrays.usage_index;
    this.valueRealized = arrays.value_realized;
    this.coverage = arrays.coverage;
    this.computedScore = arrays.computed_score;
    this.priorityRank = arrays.priority_rank;
    this.priorityRisk = arrays.priority_risk;
    this.revenueAtRisk = arrays.revenue_at_risk;
    this.flagBits = arrays.flags;
    this.flagStart = arrays['flag_hits.start'];
    this.flagRisk = arrays['flag_hits.risk'];
    this.flagIds = dict.flag;
    // Coded columns: codes[i] indexes labels (labels[0] = null).
    this.plan = arrays.plan; this.planLabels = dict.plan;
    this.region = arrays.region; this.regionLabels = dict.region;
    this.owner = arrays.owner; this.ownerLabels = dict.owner;
    this.lifecycleStage = arrays.lifecycle_stage; this.lifecycleStageLabels = dict.lifecycle_stage;
    this.band = arrays.band; this.bandLabels = dict.band;
    this.quadrant = arrays.quadrant; this.quadrantLabels = dict.quadrant;
    this.overrideReason = arrays.override_reason; this.overrideReasonLabels = dict.override_reason;
    this.priorityPlay = arrays.priority_play; this.priorityPlayLabels = dict.priority_play;
    this.segmentArrTier = arrays.segment_arr_tier; this.segmentArrTierLabels = dict.segment_arr_tier;
    this.segmentRegion = arrays.segment_region; this.segmentRegionLabels = dict.segment_region;
    this.segmentSizeTier = arrays.segment_size_tier; this.segmentSizeTierLabels = dict.segment_size_tier;
    this.segmentPlan = arrays.segment_plan; this.segmentPlanLabels = dict.segment_plan;
    this.segmentLifecycleStage = arrays.segment_lifecycle_stage; this.segmentLifecycleStageLabels = dict.segment_lifecycle_stage;
    // Views of object-valued fields, made on first access.
    this.flagLists = new Array(n);
    this.priorities = new Array(n);
    this.segmentKeys = new Array(n);
  }

  flags(i) {
    const cached = this.flagLists[i];
    if (cached !== undefined) return cached;
    const bits = this.flagBits[i];
    let list = EMPTY;
    if (bits !== 0) {
      list = [];
      let hit = this.flagStart[i];
      for (let k = 0; k < this.flagIds.length; k++) {
        if ((bits & (1 << k)) !== 0) list.push(new FlagHitView(this, hit++, this.flagIds[k]));
      }
    }
    return (this.flagLists[i] = list);
  }

  priority(i) {
    const cached = this.priorities[i];
    if (cached !== undefined) return cached;
    return (this.priorities[i] = this.priorityRank[i] === 0 ? null : new PriorityView(this, i));
  }

  segments(i) {
    const cached = this.segmentKeys[i];
    return cached !== undefined ? cached : (this.segmentKeys[i] = new SegmentsView(this, i));
  }
}

/** A raised flag: `{ flag, evidence, risk }`. */
class FlagHitView {
  constructor(columns, hit, flag) {
    this.columns = columns;
    this.hit = hit;
    this.flag = flag;
  }

  get evidence() { return this.columns.flagEvidence.get(this.hit); }
  get risk() { return this.columns.flagRisk[this.hit]; }
}

/** An account's place in the outreach list: `{ rank, risk, revenue_at_risk, play, reason }`. */
class PriorityView {
  constructor(columns, index) {
    this.columns = columns;
    this.index = index;
  }

  get rank() { return this.columns.priorityRank[this.index]; }
  get risk() { return orNull(this.columns.priorityRisk[this.index]); }
  get revenue_at_risk() { return orNull(this.columns.revenueAtRisk[this.index]); }
  get play() { const c = this.columns; return c.priorityPlayLabels[c.priorityPlay[this.index]]; }
  get reason() { return this.columns.priorityReason.get(this.index); }
}

/** An account's segment per dimension: `{ arr_tier, region, size_tier, plan, lifecycle_stage }`. */
class SegmentsView {
  constructor(columns, index) {
    this.columns = columns;
    this.index = index;
  }

  get arr_tier() { const c = this.columns; return c.segmentArrTierLabels[c.segmentArrTier[this.index]]; }
  get region() { const c = this.columns; return c.segmentRegionLabels[c.segmentRegion[this.index]]; }
  get size_tier() { const c = this.columns; return c.segmentSizeTierLabels[c.segmentSizeTier[this.index]]; }
  get plan() { const c = this.columns; return c.segmentPlanLabels[c.segmentPlan[this.index]]; }
  get lifecycle_stage() { const c = this.columns; return c.segmentLifecycleStageLabels[c.segmentLifecycleStage[this.index]]; }
}

/** One account of a columnar result: the fields of the engine's account JSON, minus `components`. */
export class AccountRow {
  constructor(columns, index) {
    this.columns = columns;
    this.index = index;
  }

  get account_id() { return this.columns.accountId.get(this.index); }
  get name() { return this.columns.name.get(this.index); }
  get arr() { return orNull(this.columns.arr[this.index]); }
  get plan() { const c = this.columns; return c.planLabels[c.plan[this.index]]; }
  get region() { const c = this.columns; return c.regionLabels[c.region[this.index]]; }
  get owner() { const c = this.columns; return c.ownerLabels[c.owner[this.index]]; }
  get lifecycle_stage() { const c = this.columns; return c.lifecycleStageLabels[c.lifecycleStage[this.index]]; }
  get tenure_days() { return orNull(this.columns.tenureDays[this.index]); }
  get health_score() { return orNull(this.columns.healthScore[this.index]); }
  get churn_probability() { return orNull(this.columns.churnProbability[this.index]); }
  get band() { const c = this.columns; return c.bandLabels[c.band[this.index]]; }
  get previous_score() { return orNull(this.columns.previousScore[this.index]); }
  get trend() { return orNull(this.columns.trend[this.index]); }
  get trend_explanation() { return this.columns.trendExplanation.get(this.index); }
  get satisfaction_index() { return orNull(this.columns.satisfactionIndex[this.index]); }
  get usage_index() { return orNull(this.columns.usageIndex[this.index]); }
  get quadrant() { const c = this.columns; return c.quadrantLabels[c.quadrant[this.index]]; }
  get value_realized() { return orNull(this.columns.valueRealized[this.index]); }
  get flags() { return this.columns.flags(this.index); }
  get coverage() { return this.columns.coverage[this.index]; }
  get priority() { return this.columns.priority(this.index); }
  get segments() { return this.columns.segments(this.index); }
  get override_reason() { const c = this.columns; return c.overrideReasonLabels[c.overrideReason[this.index]]; }
  get computed_score() { return orNull(this.columns.computedScore[this.index]); }
}

/**
 * The results object of a columnar reply (`{ arrays, rest }`): the rest's fields (summary,
 * segments, files…) and `accounts`, one AccountRow per account in result order.
 */
export function resultsFromColumns({ arrays, rest }) {
  const results = JSON.parse(rest);
  const columns = new AccountColumns(arrays, results.dictionaries);
  const accounts = new Array(arrays.coverage.length);
  for (let i = 0; i < accounts.length; i++) accounts[i] = new AccountRow(columns, i);
  results.accounts = accounts;
  return results;
}
