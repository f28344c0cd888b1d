//! The order in which to read a set of files: entity tables (accounts, then subscriptions)
//! before event tables, so that recognising an event file can use the ids already read (a
//! column whose values are the accounts file's ids is the account key, whatever its header).
//! Decided from each file's first bytes with a throw-away ingest (cheap: the head only).

use super::report::TableKind;
use super::Ingest;

/// Bytes of each file's head used to decide the order.
const HEAD_BYTES: usize = 64 * 1024;

impl Ingest {
    /// Recommended reading order of the files begun so far, given the first bytes of each
    /// (`heads[i]` for file `i`; 64 KiB is plenty): accounts tables first, then subscriptions,
    /// then the rest, each group in the order the files were begun. Reading in this order
    /// changes no file index: reports and results still list files as they were begun.
    pub fn read_order(&self, heads: &[&[u8]]) -> Vec<usize> {
        let rank: Vec<u8> = heads
            .iter()
            .enumerate()
            .map(|(i, head)| {
                let name = self
                    .files
                    .get(i)
                    .map(|f| f.reporter.report.name.clone())
                    .unwrap_or_default();
                let mut probe = Ingest::new();
                let id = probe.begin_file(&name, None);
                // Only whole lines (a head cut inside a row must not add a broken row), and
                // no more than the sniffing window and a sample need.
                let head = &head[..head.len().min(HEAD_BYTES)];
                let end = head
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(head.len(), |p| p + 1);
                probe.push(id, &head[..end]);
                probe.end_file(id);
                match probe.files[id].reporter.report.kind {
                    Some(TableKind::Accounts) => 0,
                    Some(TableKind::Subscriptions) => 1,
                    _ => 2,
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..heads.len()).collect();
        crate::sort::sort_by_key(&mut order, |&i| rank[i]);
        order
    }
}
