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
}
