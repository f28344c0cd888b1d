//! Rows accepted while files stream in, kept with their raw keys until `finish` joins them
//! (files may arrive in any order, so accounts and subscriptions may come last).

use std::collections::HashMap;
use std::hash::Hasher;

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

/// Hash of a byte key of any length: 8-byte words, the last one overlapping.
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    #[inline(always)]
    fn r8(b: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        u64::from_le_bytes(w)
    }
    #[inline(always)]
    fn r4(b: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[i..i + 4]);
        u32::from_le_bytes(w) as u64
    }
    let n = b.len();
    let mut h = (n as u64).wrapping_mul(KEY_HASH_MULTIPLIER) ^ 0x2d35_8dcc_aa6c_78a5;
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            h = (h ^ r8(b, i))
                .wrapping_mul(KEY_HASH_MULTIPLIER)
                .rotate_left(31);
            i += 8;
        }
        h = (h ^ r8(b, n - 8)).wrapping_mul(KEY_HASH_MULTIPLIER);
    } else if n >= 4 {
        h = (h ^ (r4(b, 0) << 32 | r4(b, n - 4))).wrapping_mul(KEY_HASH_MULTIPLIER);
    } else if n > 0 {
        let x = b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16;
        h = (h ^ x).wrapping_mul(KEY_HASH_MULTIPLIER);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 32)
}

/// Equality of two short byte strings without a `memcmp` call for keys up to 64 bytes.
#[inline]
pub fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if (8..=64).contains(&n) {
        let w = |s: &[u8], i: usize| {
            let mut x = [0u8; 8];
            x.copy_from_slice(&s[i..i + 8]);
            u64::from_le_bytes(x)
        };
        let mut i = 0;
        while i + 8 < n {
            if w(a, i) != w(b, i) {
                return false;
            }
            i += 8;
        }
        return w(a, n - 8) == w(b, n - 8);
    }
    a == b
}

/// A key's bytes folded into two words that identify keys of up to 16 bytes exactly
/// (together with the length): the first and last 8 bytes (overlapping), or for shorter keys
/// overlapping 4-byte / single-byte reads that still cover every byte.
#[inline(always)]
pub fn key_words(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    let r8 = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        u64::from_le_bytes(w)
    };
    let r4 = |i: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[i..i + 4]);
        u32::from_le_bytes(w) as u64
    };
    if n >= 8 {
        (r8(0), r8(n - 8))
    } else if n >= 4 {
        (r4(0) | r4(n - 4) << 32, 0)
    } else if n > 0 {
        (
            b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16,
            0,
        )
    } else {
        (0, 0)
    }
}

/// Hash of a key from its words (keys up to 16 bytes) or from all its bytes (longer keys).
#[inline(always)]
fn key_hash(b: &[u8], w0: u64, w1: u64) -> u64 {
    if b.len() > 16 {
        return hash_bytes(b);
    }
    let h = (w0 ^ w1.rotate_left(29).wrapping_mul(0xc2b2_ae3d_27d4_eb4f) ^ b.len() as u64)
        .wrapping_mul(KEY_HASH_MULTIPLIER);
    h ^ (h >> 29)
}

/// One byte key of a [`KeyInterner`]: where its bytes are in the arena, and its id.
#[derive(Debug, Clone, Copy)]
struct KeyEntry {
    start: u32,
    len: u32,
    id: u32,
    /// The key is not valid UTF-8; its name is the Latin-1 reading of the bytes.
    latin1: bool,
}

/// A slot of the open-addressing table: the key's words and length (an exact match for keys
/// up to 16 bytes, a filter before comparing the arena bytes for longer ones).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    w0: u64,
    w1: u64,
    len: u32,
    /// Key index + 1; 0 for an empty slot.
    key: u32,
}

/// Interner of raw keys on the hot path, looked up by the cell's bytes (no UTF-8 validation,
/// no allocation on a hit): an open-addressing table whose slots hold the key's first and
/// last 8 bytes, so short ids, emails and feature names compare in two word compares without
/// touching the arena. A cell that is not valid UTF-8 is read as Latin-1; its raw bytes
/// become an alias of that name, so equal names always get equal ids. Converted to an
/// [`Interner`] (same ids) in `finish`.
#[derive(Debug, Default)]
pub struct KeyInterner {
    /// Length is a power of two, at most half full.
    slots: Vec<Slot>,
    keys: Vec<KeyEntry>,
    arena: Vec<u8>,
    names: Vec<Box<str>>,
}

impl KeyInterner {
    #[inline(always)]
    fn find(&self, bytes: &[u8], w0: u64, w1: u64, hash: u64) -> Result<usize, usize> {
        if self.slots.is_empty() {
            return Err(usize::MAX);
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let s = self.slots[i];
            if s.key == 0 {
                return Err(i);
            }
            if s.w0 == w0
                && s.w1 == w1
                && s.len as usize == bytes.len()
                && (bytes.len() <= 16 || {
                    let e = &self.keys[s.key as usize - 1];
                    bytes_eq(
                        &self.arena[e.start as usize..e.start as usize + e.len as usize],
                        bytes,
                    )
                })
            {
                return Ok(s.key as usize - 1);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let mut slots = vec![Slot::default(); size];
        let mask = size - 1;
        for old in self.slots.iter().filter(|s| s.key != 0) {
            let e = &self.keys[old.key as usize - 1];
            let bytes = &self.arena[e.start as usize..(e.start + e.len) as usize];
            let mut i = key_hash(bytes, old.w0, old.w1) as usize & mask;
            while slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = *old;
        }
        self.slots = slots;
    }

    fn insert_key(&mut self, bytes: &[u8], id: u32, latin1: bool) -> usize {
        if (self.keys.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let (w0, w1) = key_words(bytes);
        let hash = key_hash(bytes, w0, w1);
        let i = match self.find(bytes, w0, w1, hash) {
            Err(i) => i,
            Ok(k) => return k,
        };
        self.keys.push(KeyEntry {
            start: self.arena.len() as u32,
            len: bytes.len() as u32,
            id,
            latin1,
        });
        self.arena.extend_from_slice(bytes);
        self.slots[i] = Slot {
            w0,
            w1,
            len: bytes.len() as u32,
            key: self.keys.len() as u32,
        };
        self.keys.len() - 1
    }

    /// The id of the cell `bytes` and whether they were read as Latin-1 (not valid UTF-8),
    /// adding the name when new. Allocation-free when the key was seen before.
    #[inline(always)]
    pub fn intern_bytes(&mut self, bytes: &[u8]) -> (u32, bool) {
        let k = self.key_of(bytes);
        let e = &self.keys[k];
        (e.id, e.latin1)
    }

    /// Index of the key entry for `bytes` (adding it when new): a handle for [`Self::key_matches`]
    /// and [`Self::key_id`].
    #[inline(always)]
    pub fn key_of(&mut self, bytes: &[u8]) -> usize {
        let (w0, w1) = key_words(bytes);
        let hash = key_hash(bytes, w0, w1);
        match self.find(bytes, w0, w1, hash) {
            Ok(k) => k,
            Err(_) => self.intern_new(bytes),
        }
    }

    /// True when key entry `k` holds exactly `bytes`.
    #[inline]
    pub fn key_matches(&self, k: usize, bytes: &[u8]) -> bool {
        let e = &self.keys[k];
        bytes_eq(
            &self.arena[e.start as usize..e.start as usize + e.len as usize],
            bytes,
        )
    }

    /// Id of key entry `k` and whether its bytes were read as Latin-1.
    #[inline]
    pub fn key_id(&self, k: usize) -> (u32, bool) {
        let e = &self.keys[k];
        (e.id, e.latin1)
    }

    #[cold]
    fn intern_new(&mut self, bytes: &[u8]) -> usize {
        match std::str::from_utf8(bytes) {
            Ok(name) => {
                let id = self.names.len() as u32;
                self.names.push(name.into());
                self.insert_key(bytes, id, false)
            }
            Err(_) => {
                let name: String = bytes.iter().map(|&b| b as char).collect();
                let id = self.intern(&name);
                self.insert_key(bytes, id, true)
            }
        }
    }

    /// The id of `name`, adding it when new (allocates only for new names).
    #[inline]
    pub fn intern(&mut self, name: &str) -> u32 {
        self.intern_bytes(name.as_bytes()).0
    }
    /// The id of `name`, if it was interned.
    pub fn get(&self, name: &str) -> Option<u32> {
        let bytes = name.as_bytes();
        let (w0, w1) = key_words(bytes);
        let k = self.find(bytes, w0, w1, key_hash(bytes, w0, w1)).ok()?;
        Some(self.keys[k].id)
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
    /// Source file of the rows, run-length encoded: (first row, file index), in row order
    /// (one entry per run of rows from the same file; for issues raised by the join).
    pub file_runs: Vec<(u32, u32)>,
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

impl StagedUsage {
    /// Reserves room for `rows` more rows in every column.
    pub fn reserve(&mut self, rows: usize) {
        self.key.reserve(rows);
        self.line.reserve(rows);
        self.user.reserve(rows);
        self.day.reserve(rows);
        self.feature.reserve(rows);
        self.count.reserve(rows);
        self.duration_secs.reserve(rows);
        self.errors.reserve(rows);
    }

    /// Records that the next row (at index `row`) comes from `file`.
    #[inline]
    pub fn set_file(&mut self, row: usize, file: u32) {
        if self.file_runs.last().map(|&(_, f)| f) != Some(file) {
            self.file_runs.push((row as u32, file));
        }
    }
    /// Index of the source file of staged row `row`.
    pub fn file_of(&self, row: usize) -> u32 {
        let run = self
            .file_runs
            .partition_point(|&(first, _)| first as usize <= row);
        self.file_runs[run.saturating_sub(1)].1
    }
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
    /// Every accounts-table column but the account id, typed per column.
    pub account_columns: Vec<StagedColumn>,
}

/// One accounts-table column, typed from all its values, for the rows of its file.
#[derive(Debug)]
pub struct StagedColumn {
    pub header: String,
    pub file: u32,
    pub mapped_to: Option<String>,
    /// Index in [`Staging::accounts`] of each value's row.
    pub rows: Vec<usize>,
    /// One value per entry of `rows`.
    pub values: crate::dataset::ColumnValues,
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

    /// The byte-keyed table must give exactly the ids of a plain `HashMap<String, u32>`
    /// interner, on random keys with many repeats, collisions of prefixes and every length.
    #[test]
    fn intern_bytes_matches_a_reference_interner_on_random_keys() {
        let mut seed: u64 = 0x5eed;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let alphabet = b"aAb0-@._xyz";
        let mut pool: Vec<Vec<u8>> = Vec::new();
        for _ in 0..3000 {
            let len = next() % 40;
            pool.push(
                (0..len)
                    .map(|_| alphabet[next() % alphabet.len()])
                    .collect(),
            );
        }
        let mut fast = KeyInterner::default();
        let mut reference: HashMap<String, u32> = HashMap::new();
        for _ in 0..50_000 {
            let key = &pool[next() % pool.len()];
            let name = String::from_utf8(key.clone()).unwrap();
            let n = reference.len() as u32;
            let want = *reference.entry(name.clone()).or_insert(n);
            let (got, latin1) = fast.intern_bytes(key);
            assert_eq!(got, want, "key {name:?}");
            assert!(!latin1);
            assert_eq!(fast.name(got), name);
            assert_eq!(fast.get(&name), Some(want));
        }
        assert_eq!(fast.len(), reference.len());
    }

    #[test]
    fn usage_file_runs_give_each_row_its_file() {
        let mut u = StagedUsage::default();
        let files = [0u32, 0, 1, 1, 1, 0, 2, 2, 0];
        for (row, &f) in files.iter().enumerate() {
            u.set_file(row, f);
        }
        assert_eq!(u.file_runs.len(), 5);
        for (row, &f) in files.iter().enumerate() {
            assert_eq!(u.file_of(row), f, "row {row}");
        }
    }

    #[test]
    fn latin1_bytes_alias_the_same_name_as_their_utf8_spelling() {
        let mut k = KeyInterner::default();
        let utf8 = k.intern("Zoë");
        let (latin1, was_latin1) = k.intern_bytes(b"Zo\xeb");
        assert_eq!(utf8, latin1);
        assert!(was_latin1);
        assert_eq!(k.intern_bytes(b"Zo\xeb"), (utf8, true));
        // Latin-1 first, then the UTF-8 spelling.
        let (a, _) = k.intern_bytes(b"Caf\xe9");
        assert_eq!(k.intern("Café"), a);
        assert_eq!(k.len(), 2);
        assert_eq!(k.name(a), "Café");
    }

    #[test]
    fn hash_and_equality_on_every_length() {
        let long: Vec<u8> = (0..64u8).collect();
        for n in 0..long.len() {
            let a = &long[..n];
            let mut b = a.to_vec();
            assert!(bytes_eq(a, &b));
            assert_eq!(hash_bytes(a), hash_bytes(&b));
            if n > 0 {
                let last = b.len() - 1;
                b[last] ^= 1;
                assert!(!bytes_eq(a, &b));
                b[last] ^= 1;
                b[0] ^= 0x80;
                assert!(!bytes_eq(a, &b));
            }
        }
    }
}
