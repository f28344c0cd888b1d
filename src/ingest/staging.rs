//! Rows accepted while files stream in, kept with their raw keys until `finish` joins them
//! (files may arrive in any order, so accounts and subscriptions may come last).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::dataset::{
    Account, ChurnEvent, Day, Goal, Interner, Release, Subscription, Survey, Ticket, Touchpoint,
};

/// A fast, non-cryptographic hasher for short keys (ids, emails, feature names): multiply-
/// rotate over 8-byte words. Inputs are the user's own files, so hash flooding is not a threat.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyHasher(u64);

const KEY_HASH_MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

impl KeyHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(KEY_HASH_MULTIPLIER);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.mix(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // Final avalanche so that low bits (used by the table) depend on every input bit.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

/// Like [`Interner`] but with [`KeyHasher`]; used on the hot path and converted to an
/// [`Interner`] (same ids) in `finish`.
#[derive(Debug, Default)]
pub struct KeyInterner {
    ids: HashMap<Box<str>, u32, BuildHasherDefault<KeyHasher>>,
    names: Vec<Box<str>>,
}

impl KeyInterner {
    /// The id of `name`, adding it when new (allocates only for new names).
    #[inline]
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }
    /// The string behind `id` (empty when unknown).
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map(|s| &**s).unwrap_or("")
    }
    /// Number of distinct names.
    pub fn len(&self) -> usize {
        self.names.len()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    /// Converts to the dataset's [`Interner`], keeping every id.
    pub fn into_interner(self) -> Interner {
        let mut interner = Interner::default();
        for name in &self.names {
            interner.intern(name);
        }
        interner
    }
}

/// Bit set on a staged usage key when it is a subscription key rather than an account key.
pub const SUBSCRIPTION_KEY_BIT: u32 = 1 << 31;

/// Usage rows as columns; `key` is a raw account key (or a subscription key with
/// [`SUBSCRIPTION_KEY_BIT`] set), resolved to an account in `finish`.
#[derive(Debug, Default)]
pub struct StagedUsage {
    /// Raw account key, or subscription key | [`SUBSCRIPTION_KEY_BIT`].
    pub key: Vec<u32>,
    /// Index of the source file (for issues raised by the join).
    pub file: Vec<u32>,
    /// Source line (for issues raised by the join).
    pub line: Vec<u32>,
    /// Interned user id, or `NONE_ID`.
    pub user: Vec<u32>,
    /// Event day.
    pub day: Vec<Day>,
    /// Interned feature, or `NONE_ID`.
    pub feature: Vec<u32>,
    /// Event count (1 when the file has no count column).
    pub count: Vec<f32>,
    /// Duration in seconds, NaN when absent.
    pub duration_secs: Vec<f32>,
    /// Errors, NaN when absent.
    pub errors: Vec<f32>,
}

/// Everything accepted so far. In staged records, `account` fields hold a raw key id from
/// [`Staging::account_keys`], not yet an account index.
#[derive(Debug, Default)]
pub struct Staging {
    /// Names of the files, by file index (for messages that point to another file).
    pub file_names: Vec<String>,
    /// Raw account ids seen in any table.
    pub account_keys: KeyInterner,
    /// Raw subscription ids seen in any table.
    pub subscription_keys: KeyInterner,
    /// Accounts-table rows: raw key and the parsed account.
    pub accounts: Vec<(u32, Account)>,
    /// First accounts-table row of each key: (file name, line).
    pub account_first_seen: HashMap<u32, (u32, u64)>,
    /// True once any file was recognised as an accounts table.
    pub has_accounts_table: bool,
    /// Subscriptions: raw subscription key and the subscription.
    pub subscriptions: Vec<(u32, Subscription)>,
    /// First row of each subscription key: (file, line).
    pub subscription_first_seen: HashMap<u32, (u32, u64)>,
    /// True once any file was recognised as a subscriptions table.
    pub has_subscriptions_table: bool,
    /// Usage rows, columnar.
    pub usage: StagedUsage,
    /// User ids seen in usage rows.
    pub users: KeyInterner,
    /// Features seen in usage rows.
    pub features: KeyInterner,
    /// Survey responses (a NaN score marks a row rejected at the end of its file).
    pub surveys: Vec<Survey>,
    /// Support tickets.
    pub tickets: Vec<Ticket>,
    /// Goals and milestones.
    pub goals: Vec<Goal>,
    /// CSM touchpoints.
    pub touchpoints: Vec<Touchpoint>,
    /// Product releases (not tied to accounts).
    pub releases: Vec<Release>,
    /// Churn events.
    pub churn_events: Vec<ChurnEvent>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_interner_matches_dataset_interner_ids() {
        let mut k = KeyInterner::default();
        let names = ["a", "b", "a", "a-much-longer-account-identifier", "b", ""];
        let ids: Vec<u32> = names.iter().map(|n| k.intern(n)).collect();
        assert_eq!(ids, vec![0, 1, 0, 2, 1, 3]);
        assert_eq!(k.name(2), "a-much-longer-account-identifier");
        let i = k.into_interner();
        assert_eq!(i.len(), 4);
        assert_eq!(i.get("b"), Some(1));
        assert_eq!(i.name(3), "");
    }
}
