//! One customer written several ways: full-width forms and brackets, zero
//! padding, a name without its code. Merged, and reported as merged.

use super::*;

impl Aggregator {
    /// Merges the customers that are one written several ways, and says so:
    /// ids that differ only in full-width forms or brackets (folded already in
    /// [`Self::add`]); an all-digit id and a zero-padded one (123 and 00123)
    /// with the same name; a row keyed by its name (no code) when exactly one
    /// coded customer has that name.
    pub(super) fn merge_spellings(&mut self) -> Vec<crate::confidence::Finding> {
        use crate::confidence::Finding;
        let n = self.acc.len();
        let top_name = |a: &Acc| {
            a.names
                .iter()
                .max_by(|x, y| x.1.cmp(&y.1).then_with(|| y.0.cmp(&x.0)))
                .map(|(s, _)| fold_key(s).unwrap_or_else(|| s.clone()))
        };
        let names: Vec<Option<String>> = self.acc.iter().map(top_name).collect();
        let mut target: Vec<u32> = (0..n as u32).collect();
        let mut findings = Vec::new();
        // Width folding: several spellings of one key.
        for a in &self.acc {
            let spellings = a.spellings.len() + usize::from(a.plain > 0);
            if spellings >= 2 {
                let mut merged: Vec<String> = a.spellings.iter().map(|(s, _)| s.clone()).collect();
                merged.sort();
                findings.push(Finding::NamesMerged {
                    customer: a.key.clone(),
                    merged,
                });
            }
        }
        // Zero padding, with agreeing names.
        let mut by_digits: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, a) in self.acc.iter().enumerate() {
            if !a.key.is_empty() && a.key.bytes().all(|b| b.is_ascii_digit()) {
                let stripped = a.key.trim_start_matches('0');
                by_digits
                    .entry(if stripped.is_empty() { "0" } else { stripped })
                    .or_default()
                    .push(i);
            }
        }
        let mut groups: Vec<Vec<usize>> = by_digits.into_values().filter(|g| g.len() > 1).collect();
        groups.sort();
        for g in groups {
            // Keep the spelling with the most rows (the longer on a tie).
            let rows = |i: usize| self.acc[i].names.iter().map(|x| x.1).sum::<u64>() + self.acc[i].plain;
            let keep = *g
                .iter()
                .max_by(|&&x, &&y| {
                    rows(x)
                        .cmp(&rows(y))
                        .then(self.acc[x].key.len().cmp(&self.acc[y].key.len()))
                })
                .unwrap_or(&g[0]);
            let mut merged = Vec::new();
            for &i in &g {
                if i != keep && names[i].is_some() && names[i] == names[keep] {
                    target[i] = keep as u32;
                    merged.push(self.acc[i].key.clone());
                }
            }
            if !merged.is_empty() {
                merged.sort();
                findings.push(Finding::NamesMerged {
                    customer: self.acc[keep].key.clone(),
                    merged,
                });
            }
        }
        // A row without its code: keyed by its name; merged into the one coded
        // customer of that name, or a customer by name.
        let coded: Vec<bool> = self
            .acc
            .iter()
            .zip(&names)
            .map(|(a, nm)| nm.as_deref() != Some(a.key.as_str()))
            .collect();
        let rows = |a: &Acc| a.names.iter().map(|x| x.1).sum::<u64>();
        let coded_rows: u64 = self
            .acc
            .iter()
            .zip(&coded)
            .filter(|(_, c)| **c)
            .map(|(a, _)| rows(a))
            .sum();
        let named_rows: u64 = self
            .acc
            .iter()
            .zip(&coded)
            .filter(|(_, c)| !**c)
            .map(|(a, _)| rows(a))
            .sum();
        // Most rows coded: a ledger with a code column whose clerk left some out.
        if coded_rows > named_rows {
            let mut by_name: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
            for (i, nm) in names.iter().enumerate() {
                if let (true, Some(nm)) = (coded[i], nm) {
                    by_name.entry(nm.as_str()).or_default().push(i);
                }
            }
            let (mut filled, mut by_name_rows) = (0u64, 0u64);
            for i in 0..n {
                if coded[i] || target[i] != i as u32 {
                    continue;
                }
                let rows = self.acc[i].names.iter().map(|x| x.1).sum::<u64>();
                match by_name.get(self.acc[i].key.as_str()).map(Vec::as_slice) {
                    Some([one]) => {
                        target[i] = target[*one];
                        filled += rows;
                    }
                    _ => by_name_rows += rows,
                }
            }
            if filled > 0 {
                findings.push(Finding::IdFromName { rows: filled });
            }
            if by_name_rows > 0 {
                findings.push(Finding::CustomerByName { rows: by_name_rows });
            }
        }
        if target.iter().enumerate().all(|(i, t)| *t == i as u32) {
            return findings;
        }
        // Rebuild the customers and their orders under the kept indices.
        let old = std::mem::take(&mut self.acc);
        let mut slot: Vec<Option<u32>> = vec![None; n];
        let mut fresh: Vec<Acc> = Vec::with_capacity(n);
        let mut parts: Vec<Option<Acc>> = old.into_iter().map(Some).collect();
        for i in 0..n {
            if target[i] as usize == i {
                slot[i] = Some(fresh.len() as u32);
                fresh.push(parts[i].take().unwrap_or_default());
            }
        }
        for i in 0..n {
            let t = target[i] as usize;
            if t != i {
                let to = slot[t].expect("a kept customer") as usize;
                slot[i] = Some(to as u32);
                if let Some(a) = parts[i].take() {
                    fresh[to].absorb(a);
                }
            }
        }
        self.index = fresh
            .iter()
            .enumerate()
            .map(|(i, a)| (a.key.clone(), i as u32))
            .collect();
        self.acc = fresh;
        let baskets = std::mem::take(&mut self.baskets);
        for ((i, k), b) in baskets {
            let to = slot[i as usize].expect("every customer has a slot");
            self.baskets
                .entry((to, k))
                .and_modify(|e| {
                    e.add(b.net, f64::from(b.profit), b.nonzero());
                    if e.day() == Basket::UNDATED || (b.day() != Basket::UNDATED && b.day() < e.day()) {
                        e.set_day(b.day());
                    }
                })
                .or_insert(b);
        }
        findings
    }
}

/// A customer key folded to one spelling (NFKC: full-width letters, digits and
/// brackets to their ASCII forms; surrounding spaces trimmed), or None when it
/// is already so — the common case, checked without allocating.
pub fn fold_key(s: &str) -> Option<String> {
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    let trimmed = s.trim();
    if s.is_ascii() {
        return (trimmed.len() != s.len()).then(|| trimmed.to_string());
    }
    let needs =
        trimmed.len() != s.len() || is_nfkc_quick(trimmed.chars()) != IsNormalized::Yes || trimmed.contains('\u{3000}');
    if !needs {
        return None;
    }
    let folded: String = trimmed.nfkc().collect::<String>().trim().to_string();
    (folded != s).then_some(folded)
}
