//! customer-health: scores the health of B2B customer accounts from the exports a Customer
//! Success team already has (accounts, usage, surveys, tickets, goals, touchpoints, releases).
//!
//! The crate is a pure core (no browser types) with one thin WebAssembly boundary:
//!
//! - [`ingest`]: bytes in (pushed in chunks), tables recognised from their headers, columns
//!   mapped through synonyms, rows parsed, every rejected row reported → [`dataset::Dataset`].
//! - [`metrics`]: per-account raw measures as of a date (usage, adoption, seats, support,
//!   sentiment, goals, relationship).
//! - [`model`]: the health model as data (weights, thresholds, bands, flags, playbooks).
//! - [`scoring`]: normalisation, weighted blend with coverage, bands, trend, quadrants, flags.
//! - [`analysis`]: segments, what healthy accounts do differently, the prioritised outreach list.
//! - [`output`]: JSON and CSV writers of [`results::Results`].
//! - [`engine`]: the facade tying them together, used by the CLI and the wasm bindings.
//! - `bindings` (wasm32 only): converts at the JS edge; nothing else knows about JS.

pub mod analysis;
pub mod dataset;
pub mod domain;
pub mod engine;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod output;
pub mod results;
pub mod scoring;
pub mod sort;
pub mod warehouse;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
