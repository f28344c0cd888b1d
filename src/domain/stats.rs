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
