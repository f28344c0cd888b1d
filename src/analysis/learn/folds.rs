//! Stratified k-fold assignment: every fold gets the same share of churned accounts, so
//! a fold's AUC is never undefined for want of one class. Deterministic (seeded shuffle),
//! so the same file learns the same model every time.

/// A small deterministic random source (xorshift64*), for shuffles only.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The fold (0..k) of each row: churned and retained rows are shuffled separately and dealt
/// round-robin, so each fold's churn rate is within one account of the overall rate.
pub fn stratified(labels: &[bool], k: usize, seed: u64) -> Vec<usize> {
    let k = k.max(2);
    let mut rng = Rng::new(seed);
    let mut fold = vec![0; labels.len()];
    let mut next = 0;
    for class in [true, false] {
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        rng.shuffle(&mut rows);
        for i in rows {
            fold[i] = next % k;
            next += 1;
        }
    }
    fold
}

/// Row indexes in (training, held-out) for fold `f` among `rows`.
pub fn split(rows: &[usize], folds: &[usize], f: usize) -> (Vec<usize>, Vec<usize>) {
    rows.iter().partition(|&&i| folds[i] != f)
}

/// K-fold cross-validation over `rows` (ids into `y`), stratified by `y`: for each fold `f`,
/// `fit_predict(training ids, held-out ids, seed + f)` learns from the training rows and
/// returns one value per held-out row. The values come back aligned with `rows`. The learner
/// and its yardstick both go through here, so they always see the same folds.
pub fn cross_validate<T: Clone + Default>(
    y: &[bool],
    rows: &[usize],
    k: usize,
    seed: u64,
    mut fit_predict: impl FnMut(&[usize], &[usize], u64) -> Vec<T>,
) -> Vec<T> {
    let ys: Vec<bool> = rows.iter().map(|&i| y[i]).collect();
    let outer = stratified(&ys, k, seed);
    let positions: Vec<usize> = (0..rows.len()).collect();
    let mut out = vec![T::default(); rows.len()];
    for f in 0..k.max(2) {
        let (train, held) = split(&positions, &outer, f);
        let train_rows: Vec<usize> = train.iter().map(|&p| rows[p]).collect();
        let held_rows: Vec<usize> = held.iter().map(|&p| rows[p]).collect();
        let values = fit_predict(&train_rows, &held_rows, seed.wrapping_add(f as u64));
        for (p, v) in held.into_iter().zip(values) {
            out[p] = v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_balanced_in_size_and_churn() {
        let labels: Vec<bool> = (0..1003).map(|i| i % 7 == 0).collect();
        let folds = stratified(&labels, 5, 42);
        let positives = labels.iter().filter(|&&l| l).count();
        for f in 0..5 {
            let size = folds.iter().filter(|&&x| x == f).count();
            let churned = (0..labels.len())
                .filter(|&i| folds[i] == f && labels[i])
                .count();
            assert!((200..=201).contains(&size), "{size}");
            assert!(churned.abs_diff(positives / 5) <= 1, "{churned}");
        }
        assert_eq!(folds, stratified(&labels, 5, 42));
        assert_ne!(folds, stratified(&labels, 5, 43));
    }

    #[test]
    fn cross_validation_never_predicts_a_row_it_trained_on() {
        let y: Vec<bool> = (0..60).map(|i| i % 3 == 0).collect();
        let rows: Vec<usize> = (0..60).filter(|i| i % 5 != 4).collect();
        let mut seen = Vec::new();
        let out = cross_validate(&y, &rows, 4, 7, |train, held, _| {
            assert!(held.iter().all(|h| !train.contains(h)));
            assert_eq!(train.len() + held.len(), rows.len());
            seen.extend_from_slice(held);
            held.iter().map(|&i| i as i64).collect()
        });
        seen.sort_unstable();
        assert_eq!(seen, rows);
        assert_eq!(out, rows.iter().map(|&i| i as i64).collect::<Vec<_>>());
    }
}
