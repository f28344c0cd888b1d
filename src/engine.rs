//! The facade over the core: push files in, score with a model, re-score without re-reading.

use crate::dataset::Dataset;
use crate::ingest::report::MappingOverride;
use crate::ingest::Ingest;
use crate::metrics::AccountIndex;
use crate::model::config::Model;
use crate::results::Results;

/// An ingest-then-score session, and the one place its lifecycle is enforced:
///
/// 1. **Ingesting**: [`Engine::begin_file`] → [`Engine::push`] (any number of chunks) →
///    [`Engine::end_file`], for each file (files may interleave).
/// 2. **Ready**: the first [`Engine::finish_ingest`], [`Engine::score`], backtest or
///    calibration ends the files still open, joins the tables and freezes the dataset;
///    scoring can then run any number of times with different models.
///
/// Calls that do not fit the phase or the file's state (a file begun after scoring, a chunk
/// for a file already ended or never begun) are refused with an error and change nothing;
/// the bindings and the CLI only translate those errors.
pub struct Engine {
    /// `Some` while ingesting, `None` once the dataset is frozen.
    ingest: Option<Ingest>,
    files: Vec<FileState>,
    bytes: u64,
    dataset: Option<Dataset>,
    /// Per-account row index of `dataset`, built on the first score and kept for re-scores,
    /// backtests and calibration (it depends on the data only, never on the model).
    index: Option<AccountIndex>,
}

/// Where a file is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileState {
    Open,
    Ended,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

impl Engine {
    /// A new, empty session, ready for files.
    pub fn new() -> Self {
        Engine {
            ingest: Some(Ingest::new()),
            files: Vec::new(),
            bytes: 0,
            dataset: None,
            index: None,
        }
    }

    /// True once the dataset is frozen (no more files can be added).
    pub fn is_ingest_finished(&self) -> bool {
        self.ingest.is_none()
    }

    /// Starts a file; returns its id for [`Engine::push`] and [`Engine::end_file`]. Refused
    /// once ingest is finished (start a new engine to add files).
    pub fn begin_file(
        &mut self,
        name: &str,
        mapping: Option<MappingOverride>,
    ) -> Result<usize, String> {
        let ingest = self.ingest.as_mut().ok_or(
            "ingest is finished for this session (it was scored); start a new engine to add files",
        )?;
        let id = ingest.begin_file(name, mapping);
        if id != self.files.len() {
            return Err(format!(
                "internal: ingest gave file id {id}, expected {}",
                self.files.len()
            ));
        }
        self.files.push(FileState::Open);
        Ok(id)
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
    pub fn expect_bytes(&mut self, file: usize, bytes: u64) -> Result<(), String> {
        self.open_file(file, "expect_bytes")?
            .expect_bytes(file, bytes);
        Ok(())
    }

    /// Recommended reading order of the files begun so far, from the first bytes of each
    /// (accounts and subscriptions first; see [`Ingest::read_order`]).
    pub fn read_order(&self, heads: &[&[u8]]) -> Vec<usize> {
        match self.ingest.as_ref() {
            Some(ingest) => ingest.read_order(heads),
            None => (0..heads.len()).collect(),
        }
    }

    /// Feeds the next chunk of a file's bytes (any split, even inside a UTF-8 character).
    pub fn push(&mut self, file: usize, bytes: &[u8]) -> Result<(), String> {
        self.open_file(file, "push")?.push(file, bytes);
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Adds a note to an open file's report (see [`Ingest::note`]).
    pub fn note(&mut self, file: usize, note: &str) -> Result<(), String> {
        self.open_file(file, "note")?.note(file, note);
        Ok(())
    }

    /// Refuses an open file with a message and ends it (see [`Ingest::refuse`]).
    pub fn refuse(&mut self, file: usize, error: &str) -> Result<(), String> {
        self.open_file(file, "refuse")?.refuse(file, error);
        self.files[file] = FileState::Ended;
        Ok(())
    }

    /// Marks a file complete (flushes a last record without a trailing newline).
    pub fn end_file(&mut self, file: usize) -> Result<(), String> {
        self.open_file(file, "end_file")?.end_file(file);
        self.files[file] = FileState::Ended;
        Ok(())
    }

    /// Number of files begun so far.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Bytes pushed so far over all files.
    pub fn bytes_pushed(&self) -> u64 {
        self.bytes
    }

    /// The ingest, when `file` is open in it.
    fn open_file(&mut self, file: usize, what: &str) -> Result<&mut Ingest, String> {
        match (self.files.get(file), self.ingest.as_mut()) {
            (Some(FileState::Open), Some(ingest)) => Ok(ingest),
            (Some(_), _) => Err(format!("{what}: file {file} was already ended")),
            (None, _) => Err(format!("{what}: no file with id {file} was begun")),
        }
    }

    /// Ends the files still open, joins the tables (subscriptions → accounts, …) and freezes
    /// the dataset. Idempotent.
    pub fn finish_ingest(&mut self) {
        if let Some(mut ingest) = self.ingest.take() {
            for (id, state) in self.files.iter_mut().enumerate() {
                if *state == FileState::Open {
                    ingest.end_file(id);
                    *state = FileState::Ended;
                }
            }
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
            Some((dataset, index)) => crate::results::score_indexed(dataset, index, model),
            None => crate::results::score(&Dataset::default(), model),
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

impl Engine {
    /// Learns a model from a snapshot (accounts with churn labels; see `analysis::learn`):
    /// the report and the learned model, ready to adopt.
    pub fn learn(
        &mut self,
        model: &Model,
        options: &crate::analysis::learn::snapshot::Options,
    ) -> Result<crate::analysis::learn::Learned, String> {
        let current = self.score(model);
        let dataset = self.dataset.as_ref().ok_or("no data loaded")?;
        crate::analysis::learn::learn_model(dataset, &current.accounts, model, options)
    }

    /// The cohort view of every candidate measure (churn by decile or category).
    pub fn discover(
        &mut self,
        model: &Model,
    ) -> Result<Vec<crate::analysis::learn::discover::Discovery>, String> {
        let current = self.score(model);
        let dataset = self.dataset.as_ref().ok_or("no data loaded")?;
        let as_of = crate::scoring::resolve_as_of(dataset, model);
        crate::analysis::learn::discover_dataset(dataset, &current.accounts, as_of).map(|d| d.0)
    }
}

/// Convenience: ingest whole in-memory files and score them.
pub fn score_files(files: &[(String, Vec<u8>)], model: &Model) -> Results {
    let mut engine = Engine::new();
    for (name, bytes) in files {
        // A fresh engine is ingesting and the file was just begun: none of these can fail.
        if let Ok(id) = engine.begin_file(name, None) {
            let _ = engine.push(id, bytes);
            let _ = engine.end_file(id);
        }
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
    let Ok(id) = engine.begin_file("warm-up.csv", None) else {
        return 0;
    };
    for chunk in csv.chunks(64 * 1024) {
        let _ = engine.push(id, chunk);
    }
    let _ = engine.end_file(id);
    engine.score(&Model::default()).accounts.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_scores_its_synthetic_accounts() {
        assert_eq!(warm_up(3000), 97);
    }

    #[test]
    fn illegal_transitions_are_refused_and_change_nothing() {
        let mut e = Engine::new();
        assert_eq!(
            e.push(0, b"x"),
            Err("push: no file with id 0 was begun".into())
        );
        let a = e.begin_file("accounts.csv", None).unwrap();
        e.push(a, b"account_id,arr\nA1,100\n").unwrap();
        let b = e.begin_file("more.csv", None).unwrap();
        e.push(b, b"account_id,arr\nA2,").unwrap();
        e.end_file(a).unwrap();
        assert_eq!(
            e.push(a, b"A3,1\n"),
            Err("push: file 0 was already ended".into())
        );
        assert_eq!(
            e.end_file(a),
            Err("end_file: file 0 was already ended".into())
        );
        assert_eq!(e.bytes_pushed(), 40, "refused chunks are not counted");
        // Scoring ends file b (its last record has no newline) and freezes the dataset.
        let results = e.score(&Model::default());
        assert_eq!(results.summary.accounts, 2);
        assert!(e.is_ingest_finished());
        let late = e.begin_file("late.csv", None).unwrap_err();
        assert!(late.starts_with("ingest is finished"), "{late}");
        assert_eq!(
            e.push(b, b"1\n"),
            Err("push: file 1 was already ended".into())
        );
        assert_eq!(e.file_count(), 2);
        // Re-scoring still works on the same data.
        assert_eq!(e.score(&Model::default()).summary.accounts, 2);
    }
}
