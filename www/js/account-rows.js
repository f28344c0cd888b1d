// Results that arrive as columns (HealthEngine.score_columns: one typed array per account
// field, plus the rest as JSON) turned into what the views read: `results.accounts[i]` is an
// AccountRow, a two-field view whose getters read column i, so `a.health_score`, `a.quadrant`,
// `a.flags`, `a.priority?.rank`… read like the engine's JSON objects (null for missing values)
// without building an object graph per account. Object-valued fields (flags, priority,
// segments) are built on first access and kept.

const EMPTY = Object.freeze([]);
const decoder = new TextDecoder();

/** Optional strings: one UTF-8 buffer, byte offsets, a presence bitmap (Arrow's layout). */
class TextColumn {
  constructor(arrays, name) {
    this.bytes = arrays[`${name}.bytes`];
    this.offsets = arrays[`${name}.offsets`];
    this.present = arrays[`${name}.present`];
    this.values = null; // decoded on first use
    this.whole = null; // the whole buffer decoded, when it is ASCII (byte offsets = string offsets)
  }

  get(i) {
    if ((this.present[i >>> 5] & (1 << (i & 31))) === 0) return null;
    if (this.values === null) {
      this.values = new Array(this.offsets.length - 1);
      const text = decoder.decode(this.bytes);
      if (text.length === this.bytes.length) this.whole = text;
    }
    let value = this.values[i];
    if (value === undefined) {
      const start = this.offsets[i];
      const end = this.offsets[i + 1];
      value = this.whole !== null ? this.whole.slice(start, end) : decoder.decode(this.bytes.subarray(start, end));
      this.values[i] = value;
    }
    return value;
  }
}

/** The columns of one scoring run, shared by all its rows. */
class AccountColumns {
  constructor(arrays, dictionaries) {
    this.arrays = arrays;
    this.dictionaries = dictionaries;
    this.texts = {};
    for (const name of ['account_id', 'name', 'trend_explanation', 'priority_reason', 'flag_hits.evidence']) {
      this.texts[name] = new TextColumn(arrays, name);
    }
    const n = arrays.coverage.length;
    this.flagLists = new Array(n);
    this.priorities = new Array(n);
    this.segmentKeys = new Array(n);
  }

  number(name, i) {
    const v = this.arrays[name][i];
    return v === v ? v : null; // NaN = missing
  }

  label(name, i) {
    return this.dictionaries[name][this.arrays[name][i]] ?? null;
  }

  text(name, i) {
    return this.texts[name].get(i);
  }

  flags(i) {
    let list = this.flagLists[i];
    if (list !== undefined) return list;
    const bits = this.arrays.flags[i];
    list = EMPTY;
    if (bits !== 0) {
      list = [];
      let hit = this.arrays['flag_hits.start'][i];
      this.dictionaries.flag.forEach((flag, k) => {
        if ((bits & (1 << k)) === 0) return;
        list.push({ flag, evidence: this.text('flag_hits.evidence', hit), risk: this.arrays['flag_hits.risk'][hit] });
        hit += 1;
      });
    }
    this.flagLists[i] = list;
    return list;
  }

  priority(i) {
    let p = this.priorities[i];
    if (p !== undefined) return p;
    const rank = this.arrays.priority_rank[i];
    p = rank === 0 ? null : {
      rank,
      risk: this.number('priority_risk', i),
      revenue_at_risk: this.number('revenue_at_risk', i),
      play: this.label('priority_play', i),
      reason: this.text('priority_reason', i),
    };
    this.priorities[i] = p;
    return p;
  }

  segments(i) {
    let s = this.segmentKeys[i];
    if (s === undefined) {
      s = {
        arr_tier: this.label('segment_arr_tier', i),
        region: this.label('segment_region', i),
        size_tier: this.label('segment_size_tier', i),
        plan: this.label('segment_plan', i),
      };
      this.segmentKeys[i] = s;
    }
    return s;
  }
}

/** One account of a columnar result: the fields of the engine's account JSON, minus `components`. */
export class AccountRow {
  constructor(columns, index) {
    this.columns = columns;
    this.index = index;
  }

  get account_id() { return this.columns.text('account_id', this.index); }
  get name() { return this.columns.text('name', this.index); }
  get arr() { return this.columns.number('arr', this.index); }
  get plan() { return this.columns.label('plan', this.index); }
  get region() { return this.columns.label('region', this.index); }
  get owner() { return this.columns.label('owner', this.index); }
  get health_score() { return this.columns.number('health_score', this.index); }
  get band() { return this.columns.label('band', this.index); }
  get previous_score() { return this.columns.number('previous_score', this.index); }
  get trend() { return this.columns.number('trend', this.index); }
  get trend_explanation() { return this.columns.text('trend_explanation', this.index); }
  get satisfaction_index() { return this.columns.number('satisfaction_index', this.index); }
  get usage_index() { return this.columns.number('usage_index', this.index); }
  get quadrant() { return this.columns.label('quadrant', this.index); }
  get value_realized() { return this.columns.number('value_realized', this.index); }
  get flags() { return this.columns.flags(this.index); }
  get coverage() { return this.columns.arrays.coverage[this.index]; }
  get priority() { return this.columns.priority(this.index); }
  get segments() { return this.columns.segments(this.index); }
  get override_reason() { return this.columns.label('override_reason', this.index); }
  get computed_score() { return this.columns.number('computed_score', this.index); }
}

/**
 * The results object of a columnar reply (`{ arrays, rest }`): the rest's fields (summary,
 * segments, files…) and `accounts`, one AccountRow per account in result order.
 */
export function resultsFromColumns({ arrays, rest }) {
  const results = JSON.parse(rest);
  const columns = new AccountColumns(arrays, results.dictionaries);
  const accounts = new Array(results.account_count);
  for (let i = 0; i < accounts.length; i++) accounts[i] = new AccountRow(columns, i);
  results.accounts = accounts;
  return results;
}
