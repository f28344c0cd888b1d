//! Writers of results: JSON and CSV. (Stub: lands from the scoring branch.)
