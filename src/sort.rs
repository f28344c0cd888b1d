//! Compact sorting for the cold paths: per-account record lists, result order, statistics.
//!
//! The standard library compiles its sort afresh for every element type and comparator it is
//! given, 2–7 KB of WebAssembly each; twenty call sites cost ~100 KB of the module. Every sort
//! here goes through one compiled sort of `u32` positions instead, and only the small step that
//! puts the items in that order is generic. Hot loops (the ingest's packed keys) keep the
//! standard sort.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their current order (stable).
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| {
        compare(&items[a as usize], &items[b as usize])
    });
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    // `order` is a permutation of 0..len, so every slot is taken exactly once.
    items.extend(order.iter().filter_map(|&i| slots[i as usize].take()));
}

/// Sorts `items` by the key `key` gives (stable).
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in ascending order (stable).
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
}

/// Sorts numbers in ascending IEEE total order (NaN last).
pub fn sort_f64(values: &mut [f64]) {
    let order = sorted_positions(values.len(), &|a, b| {
        values[a as usize].total_cmp(&values[b as usize])
    });
    let copy = values.to_vec();
    for (slot, &i) in values.iter_mut().zip(&order) {
        *slot = copy[i as usize];
    }
}

/// The positions `0..len` in the order `compare` gives them: the one compiled sort.
fn sorted_positions(len: usize, compare: &dyn Fn(u32, u32) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..len as u32).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut items, |p| p.0);
        assert_eq!(
            items,
            vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]
        );
    }

    #[test]
    fn agrees_with_the_standard_sort_on_random_input() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for len in [0usize, 1, 2, 7, 20, 33, 500] {
            let mut items: Vec<(u8, u32)> = (0..len as u32)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 5) as u8, i)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|p| p.0);
            sort_by_key(&mut items, |p| p.0);
            assert_eq!(items, want, "len {len}");
            let mut plain = items.iter().map(|p| p.1).rev().collect::<Vec<_>>();
            sort(&mut plain);
            assert_eq!(plain, (0..len as u32).collect::<Vec<_>>());
        }
    }

    #[test]
    fn numbers_sort_in_total_order_with_nan_last() {
        let mut v = vec![2.5, f64::NAN, -1.0, 0.0, 10.0];
        sort_f64(&mut v);
        assert_eq!(&v[..4], &[-1.0, 0.0, 2.5, 10.0]);
        assert!(v[4].is_nan());
    }
}
