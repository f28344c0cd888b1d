//! Rows accepted while files stream in, kept with their raw keys until `finish` joins them
//! (files may arrive in any order, so accounts and subscriptions may come last).

use std::collections::HashMap;

use crate::dataset::{
    Account, ChurnEvent, Day, Goal, Interner, Release, Subscription, Survey, Ticket, Touchpoint,
};

/// Bit set on a staged usage key when it is a subscription key rather than an account key.
pub const SUBSCRIPTION_KEY_BIT: u32 = 1 << 31;

/// Usage rows as columns; `key` is a raw account key (or a subscription key with
/// [`SUBSCRIPTION_KEY_BIT`] set), resolved to an account in `finish`.
#[derive(Debug, Default)]
pub struct StagedUsage {
    pub key: Vec<u32>,
    pub file: Vec<u32>,
    pub line: Vec<u32>,
    pub user: Vec<u32>,
    pub day: Vec<Day>,
    pub feature: Vec<u32>,
    pub count: Vec<f32>,
    pub duration_secs: Vec<f32>,
    pub errors: Vec<f32>,
}

/// Everything accepted so far. In staged records, `account` fields hold a raw key id from
/// [`Staging::account_keys`], not yet an account index.
#[derive(Debug, Default)]
pub struct Staging {
    /// Raw account ids seen in any table.
    pub account_keys: Interner,
    /// Raw subscription ids seen in any table.
    pub subscription_keys: Interner,
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
    pub usage: StagedUsage,
    pub users: Interner,
    pub features: Interner,
    pub surveys: Vec<Survey>,
    pub tickets: Vec<Ticket>,
    pub goals: Vec<Goal>,
    pub touchpoints: Vec<Touchpoint>,
    pub releases: Vec<Release>,
    pub churn_events: Vec<ChurnEvent>,
}
