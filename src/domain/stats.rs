//! Statistics shared by several layers.

/// Median of `values` (mean of the two middle values for an even count); sorts in place.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    crate::sort::sort_f64(values);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Robust spread of `values`: 1.4826 × their median absolute deviation (the standard
/// deviation for normal data, barely moved by one freak value); reorders in place.
pub fn robust_spread(values: &mut [f64]) -> Option<f64> {
    let mid = median(values)?;
    let mut deviations: Vec<f64> = values.iter().map(|x| (x - mid).abs()).collect();
    Some(1.4826 * median(&mut deviations)?)
}

/// Rousseeuw–Croux Qn scale estimate of `values`: the k-th smallest of the distances between
/// pairs, k = h(h − 1)/2 with h = ⌊n/2⌋ + 1 (about the first quartile of the distances),
/// times 2.2219 (the standard deviation for normal data) and the small-sample factor of
/// Croux & Rousseeuw (1992). Like the median absolute deviation it ignores up to half the
/// values, but it estimates the spread of normal data with about 82 % of a standard
/// deviation's efficiency where the MAD has 37 %, and needs no centre (no bias from a skewed
/// one). None for fewer than two values.
pub fn qn_spread(values: &[f64]) -> Option<f64> {
    let n = values.len();
    if n < 2 {
        return None;
    }
    let mut distances = Vec::with_capacity(n * (n - 1) / 2);
    for (i, a) in values.iter().enumerate() {
        distances.extend(values[i + 1..].iter().map(|b| (a - b).abs()));
    }
    crate::sort::sort_f64(&mut distances);
    let h = n / 2 + 1;
    let kth = distances[h * (h - 1) / 2 - 1];
    // small samples: the published factors up to n = 9, then n / (n + 1.4) for odd and
    // n / (n + 3.8) for even n
    const SMALL: [f64; 10] = [0.0, 0.0, 0.399, 0.994, 0.512, 0.844, 0.611, 0.857, 0.669, 0.872];
    let x = n as f64;
    let factor = match n {
        0..=9 => SMALL[n],
        _ if n % 2 == 1 => x / (x + 1.4),
        _ => x / (x + 3.8),
    };
    Some(2.2219 * kth * factor)
}
