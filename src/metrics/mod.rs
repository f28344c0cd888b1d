//! Per-account raw measures as of a date. (Stub: lands from the scoring branch.)

pub mod measure;
