//! The facade over the core: push files in, score with a model, re-score without re-reading.

use crate::dataset::Dataset;
use crate::ingest::report::MappingOverride;
use crate::ingest::Ingest;
use crate::metrics::AccountIndex;
use crate::model::config::Model;
use crate::results::Results;

/// An ingest-then-score session. Files are pushed in chunks; once [`Engine::finish_ingest`]
/// has run, [`Engine::score`] can be called any number of times with different models.
#[derive(Default)]
pub struct Engine {
    ingest: Option<Ingest>,
    dataset: Option<Dataset>,
    /// Per-account row index of `dataset`, built on the first score and kept for re-scores,
    /// backtests and calibration (it depends on the data only, never on the model).
    index: Option<AccountIndex>,
}

impl Engine {
    /// A new, empty session.
    pub fn new() -> Self {
        Engine {
            ingest: Some(Ingest::new()),
            dataset: None,
            index: None,
        }
    }

    /// Starts a file; returns its id for [`Engine::push`] and [`Engine::end_file`].
    pub fn begin_file(&mut self, name: &str, mapping: Option<MappingOverride>) -> usize {
        self.ingest
            .get_or_insert_with(Ingest::new)
            .begin_file(name, mapping)
    }

    /// Saved mappings applied to the files begun after this call without an override, each
    /// file getting the profile its headers match best (see [`crate::ingest::saved_mapping`]).
    pub fn set_profiles(&mut self, profiles: Vec<crate::ingest::saved_mapping::MappingProfile>) {
        if let Some(ingest) = self.ingest.as_mut() {
            ingest.set_profiles(profiles);
        }
    }

    /// Tells the ingest the size of a file before its first chunk (optional; see
    /// [`Ingest::expect_bytes`]).
    pub fn expect_bytes(&mut self, file: usize, bytes: u64) {
        if let Some(ingest) = self.ingest.as_mut() {
            ingest.expect_bytes(file, bytes);
        }
    }

    /// Feeds the next chunk of a file's bytes (any split, even inside a UTF-8 character).
    pub fn push(&mut self, file: usize, bytes: &[u8]) {
        if let Some(ingest) = self.ingest.as_mut() {
            ingest.push(file, bytes);
        }
    }

    /// Marks a file complete (flushes a last record without a trailing newline).
    pub fn end_file(&mut self, file: usize) {
        if let Some(ingest) = self.ingest.as_mut() {
            ingest.end_file(file);
        }
    }

    /// Joins the tables (subscriptions → accounts, …) and freezes the dataset.
    pub fn finish_ingest(&mut self) {
        if let Some(ingest) = self.ingest.take() {
            self.dataset = Some(ingest.finish());
            self.index = None;
        }
    }

    /// The finished dataset and its per-account index (built once), or `None` before any data.
    fn indexed(&mut self) -> Option<(&Dataset, &AccountIndex)> {
        self.finish_ingest();
        let dataset = self.dataset.as_ref()?;
        let index = self
            .index
            .get_or_insert_with(|| AccountIndex::build(dataset));
        Some((dataset, index))
    }

    /// The joined dataset, once ingest is finished.
    pub fn dataset(&self) -> Option<&Dataset> {
        self.dataset.as_ref()
    }

    /// What does not fit between `model` and the loaded data: custom measures whose column
    /// is absent or cannot be read as declared (scoring leaves them missing).
    pub fn data_problems(&mut self, model: &Model) -> Vec<String> {
        match self.indexed() {
            Some((dataset, _)) => crate::metrics::sources::problems(dataset, model),
            None => crate::metrics::sources::problems(&Dataset::default(), model),
        }
    }

    /// Scores every account with `model` (finishing ingest first if needed).
    pub fn score(&mut self, model: &Model) -> Results {
        match self.indexed() {
            Some((dataset, index)) => crate::scoring::score_indexed(dataset, index, model),
            None => crate::scoring::score(&Dataset::default(), model),
        }
    }
}

impl Engine {
    /// Churn backtest with explicit options (cut-off, outcome source); the error says why
    /// it cannot run. `Results.backtest` holds the default run already.
    pub fn backtest(
        &mut self,
        model: &Model,
        options: crate::analysis::backtest::Options,
    ) -> Result<crate::analysis::backtest::Backtest, String> {
        let (dataset, index) = self.indexed().ok_or("no data loaded")?;
        let as_of = crate::scoring::resolve_as_of(dataset, model);
        crate::analysis::backtest::run(dataset, index, model, as_of, options)
    }

    /// Learns measure weights from the churn history (time-ordered folds); the result
    /// carries the learned model, ready to adopt.
    pub fn calibrate(
        &mut self,
        model: &Model,
        options: &crate::analysis::calibrate::Options,
    ) -> Result<crate::analysis::calibrate::Calibration, String> {
        let (dataset, index) = self.indexed().ok_or("no data loaded")?;
        crate::analysis::calibrate::calibrate(dataset, index, model, options)
    }
}

/// Convenience: ingest whole in-memory files and score them.
pub fn score_files(files: &[(String, Vec<u8>)], model: &Model) -> Results {
    let mut engine = Engine::new();
    for (name, bytes) in files {
        let id = engine.begin_file(name, None);
        engine.push(id, bytes);
        engine.end_file(id);
    }
    engine.score(model)
}

/// Runs a small synthetic usage file (`rows` rows, pushed in 64 KiB chunks) through ingest
/// and scoring, and returns the number of accounts scored. Meant to be called once by the
/// browser worker right after the module is instantiated: WebAssembly engines first run code
/// from a baseline compiler and tier hot functions up only after they have run for a while
/// (V8 has no on-stack replacement for wasm), so the user's first large file would otherwise
/// be read mostly by slow baseline code. 30 000 rows take a few tens of milliseconds.
pub fn warm_up(rows: usize) -> usize {
    use std::io::Write;
    let mut csv: Vec<u8> = Vec::with_capacity(rows * 48 + 64);
    csv.extend_from_slice(b"account_id,user_id,event_date,feature,event_count,duration_secs\n");
    for i in 0..rows {
        let _ = writeln!(
            csv,
            "W{:04},u{:03}@warm.test,2025-{:02}-{:02},feature_{},{},{}",
            (i * 7) % 97,
            (i * 13) % 211,
            1 + (i / 2500) % 12,
            1 + (i / 90) % 28,
            i % 9,
            1 + i % 7,
            (i * 37) % 3600
        );
    }
    let mut engine = Engine::new();
    let id = engine.begin_file("warm-up.csv", None);
    for chunk in csv.chunks(64 * 1024) {
        engine.push(id, chunk);
    }
    engine.end_file(id);
    engine.score(&Model::default()).accounts.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn warm_up_scores_its_synthetic_accounts() {
        assert_eq!(super::warm_up(3000), 97);
    }
}
