//! Portfolio analysis: segments, healthy-account patterns, prioritised outreach list.
//! (Stub: lands from the scoring branch.)
