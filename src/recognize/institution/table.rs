//! The institution table (`src/data/institutions.txt`, format in its header) and
//! the alias index built from it and from `[[institutions]]` in `caixun.toml`.

use std::sync::{LazyLock, Mutex};

use crate::config::UserInstitution;
use crate::entity::InstitutionType;

const TABLE: &str = include_str!("../../data/institutions.txt");

/// How a province is written in a first-level branch name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Places {
    /// 西藏 → 西藏自治区, 福建 → 福建省, 北京 → 北京市.
    Full,
    /// As `Full`, but municipalities stay short (邮储银行北京分行).
    Region,
    /// As `Full`, and prefecture-level cities by their registered name too
    /// (人保财险九江分公司 → 中国人民财产保险股份有限公司九江市分公司).
    FullCity,
    /// As written.
    AsWritten,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasUse {
    /// Counts wherever it occurs (outside sector words and titles).
    Plain,
    /// Counts only on word boundaries (`工行`, not in `施工行业`).
    Boundary,
    /// Counts only inside a branch name (`民生` is the bank only in `民生银行XX分行` forms).
    BranchOnly,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub canonical: String,
    pub kind: InstitutionType,
    pub renamed_to: Option<String>,
    pub renamed_on: Option<String>,
    /// The name branches are built from.
    pub branch_base: String,
    pub places: Places,
}

#[derive(Debug, Clone)]
pub struct Alias {
    pub text: String,
    pub entry: usize,
    pub usage: AliasUse,
}

/// Entries and their written forms, with a character trie of the forms.
#[derive(Debug, Default)]
pub struct Table {
    pub entries: Vec<Entry>,
    pub aliases: Vec<Alias>,
    /// Node 0 is the root; built by `index`.
    trie: Vec<Node>,
    /// One bit per BMP character: whether some alias starts with it. Most
    /// characters of a text start none, and this answers without a search.
    first_bmp: Vec<u64>,
    /// The set bits before each word of `first_bmp`: a BMP character's rank
    /// among them is its index in the root's children.
    first_rank: Vec<u32>,
}

/// A prefix of some alias.
#[derive(Debug, Default)]
struct Node {
    /// Sorted by character.
    children: Vec<(char, u32)>,
    /// The aliases spelled by this prefix, in table order.
    aliases: Vec<usize>,
    /// The nearest shorter prefix that spells aliases.
    up: Option<u32>,
}

impl Node {
    fn child(&self, c: char) -> Option<u32> {
        self.children
            .binary_search_by_key(&c, |&(k, _)| k)
            .ok()
            .map(|i| self.children[i].1)
    }
}

/// The user's institutions as a table, built once per distinct list (a
/// configuration change adds one; they stay for the process, as cached
/// candidates may point into them).
pub fn user_table(users: &[UserInstitution]) -> &'static Table {
    static EMPTY: LazyLock<Table> = LazyLock::new(Table::default);
    static BUILT: Mutex<Vec<(Vec<UserInstitution>, &'static Table)>> = Mutex::new(Vec::new());
    if users.is_empty() {
        return &EMPTY;
    }
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, t)) = built.iter().find(|(u, _)| u.as_slice() == users) {
        return t;
    }
    let table: &'static Table = Box::leak(Box::new(Table::from_user(users)));
    built.push((users.to_vec(), table));
    table
}

pub static BUILTIN: LazyLock<Table> = LazyLock::new(|| {
    let mut t = Table::default();
    for line in TABLE.lines() {
        t.add_line(line);
    }
    t.index();
    t
});

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Table {
    fn add_line(&mut self, line: &str) {
        if line.trim().is_empty() || line.starts_with('#') {
            return;
        }
        let mut f = line.split('\t');
        let Some(canonical) = non_empty(f.next()) else {
            return;
        };
        let kind = f
            .next()
            .and_then(|t| InstitutionType::parse(t.trim()))
            .unwrap_or(InstitutionType::Company);
        let aliases = f.next().unwrap_or("").to_string();
        let renamed_to = non_empty(f.next());
        let renamed_on = non_empty(f.next());
        let branch_base = non_empty(f.next()).unwrap_or_else(|| canonical.clone());
        let places = match f.next().map(str::trim) {
            Some("full") => Places::Full,
            Some("region") => Places::Region,
            Some("full+city") => Places::FullCity,
            _ => Places::AsWritten,
        };
        let entry = self.entries.len();
        self.push_alias(&canonical, entry, AliasUse::Plain);
        for a in aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
            let (text, usage) = if let Some(t) = a.strip_suffix('*') {
                (t, AliasUse::Boundary)
            } else if let Some(t) = a.strip_suffix('!') {
                (t, AliasUse::BranchOnly)
            } else {
                (a, AliasUse::Plain)
            };
            self.push_alias(text, entry, usage);
        }
        self.entries.push(Entry {
            canonical,
            kind,
            renamed_to,
            renamed_on,
            branch_base,
            places,
        });
    }

    fn push_alias(&mut self, text: &str, entry: usize, usage: AliasUse) {
        if !self
            .aliases
            .iter()
            .any(|a| a.text == text && a.entry == entry)
        {
            self.aliases.push(Alias {
                text: text.to_string(),
                entry,
                usage,
            });
        }
    }

    fn index(&mut self) {
        self.trie = vec![Node::default()];
        self.first_bmp = vec![0; 0x1_0000 / 64];
        for (i, a) in self.aliases.iter().enumerate() {
            let Some(first) = a.text.chars().next() else {
                continue;
            };
            if let Some(bits) = self.first_bmp.get_mut(first as usize / 64) {
                *bits |= 1 << (first as usize % 64);
            }
            let mut node = 0;
            for c in a.text.chars() {
                node = match self.trie[node].child(c) {
                    Some(n) => n as usize,
                    None => {
                        let n = self.trie.len();
                        self.trie.push(Node::default());
                        let children = &mut self.trie[node].children;
                        let at = children.partition_point(|&(k, _)| k < c);
                        children.insert(at, (c, n as u32));
                        n
                    }
                };
            }
            self.trie[node].aliases.push(i);
        }
        let mut rank = 0;
        self.first_rank = self
            .first_bmp
            .iter()
            .map(|bits| {
                let before = rank;
                rank += bits.count_ones();
                before
            })
            .collect();
        // Link every node to its nearest ancestor with aliases (parents come first).
        let mut stack = vec![(0usize, None)];
        while let Some((node, up)) = stack.pop() {
            self.trie[node].up = up;
            let here = if node != 0 && !self.trie[node].aliases.is_empty() {
                Some(node as u32)
            } else {
                up
            };
            for &(_, child) in &self.trie[node].children {
                stack.push((child as usize, here));
            }
        }
    }

    /// A table of the user's own institutions.
    pub fn from_user(users: &[UserInstitution]) -> Table {
        let mut t = Table::default();
        for u in users {
            let entry = t.entries.len();
            t.push_alias(&u.canonical, entry, AliasUse::Plain);
            for a in &u.aliases {
                if !a.trim().is_empty() {
                    t.push_alias(a.trim(), entry, AliasUse::Plain);
                }
            }
            t.entries.push(Entry {
                canonical: u.canonical.clone(),
                kind: u.institution_type(),
                renamed_to: None,
                renamed_on: None,
                branch_base: u.canonical.clone(),
                places: Places::AsWritten,
            });
        }
        t.index();
        t
    }

    /// Aliases that start at byte `at` of `text`, longest first (in table order
    /// among forms of the same text).
    pub fn starting_at<'a>(&'a self, text: &'a str, at: usize) -> impl Iterator<Item = &'a Alias> {
        // The longest prefix of the text that spells aliases, then the shorter ones.
        let mut deepest = None;
        let mut chars = text[at..].chars();
        let mut node = match chars.next().and_then(|c| self.root_child(c)) {
            Some(n) => n as usize,
            None => 0,
        };
        if node != 0 {
            loop {
                if !self.trie[node].aliases.is_empty() {
                    deepest = Some(node as u32);
                }
                match chars.next().and_then(|c| self.trie[node].child(c)) {
                    Some(n) => node = n as usize,
                    None => break,
                }
            }
        }
        std::iter::successors(deepest, |&n| self.trie[n as usize].up)
            .flat_map(|n| &self.trie[n as usize].aliases)
            .map(|&i| &self.aliases[i])
    }

    /// The trie node of the one-character prefix `c`.
    fn root_child(&self, c: char) -> Option<u32> {
        let u = c as usize;
        match self.first_bmp.get(u / 64) {
            Some(&bits) => {
                let bit = 1u64 << (u % 64);
                if bits & bit == 0 {
                    return None;
                }
                let rank = self.first_rank[u / 64] + (bits & (bit - 1)).count_ones();
                Some(self.trie[0].children[rank as usize].1)
            }
            None => self.trie.first()?.child(c),
        }
    }

    /// Every alias of a bank, regulator or insurer that branch names are built on.
    pub fn branch_aliases(&self) -> impl Iterator<Item = &Alias> {
        self.aliases.iter().filter(|a| {
            matches!(
                self.entries[a.entry].kind,
                InstitutionType::Bank | InstitutionType::Insurer | InstitutionType::Regulator
            ) && !a.text.is_ascii()
        })
    }

    pub fn find_canonical(&self, canonical: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.canonical == canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_with_enough_entries() {
        let t = &*BUILTIN;
        assert!(t.entries.len() >= 200, "{}", t.entries.len());
        let cbirc = t.find_canonical("中国银行保险监督管理委员会").unwrap();
        assert_eq!(cbirc.renamed_to.as_deref(), Some("国家金融监督管理总局"));
        assert_eq!(cbirc.renamed_on.as_deref(), Some("2023-05-18"));
        let tibet = t.find_canonical("西藏银行股份有限公司").unwrap();
        assert_eq!(tibet.branch_base, "西藏银行");
        let icbc = t.find_canonical("中国工商银行").unwrap();
        assert_eq!(icbc.places, Places::Full);
        // Every line has a known type.
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let ty = line.split('\t').nth(1).unwrap_or("");
            assert!(InstitutionType::parse(ty).is_some(), "{line}");
        }
    }

    /// The trie finds what comparing every alias at every position finds, in the same order.
    #[test]
    fn trie_agrees_with_a_scan_of_every_alias() {
        let t = &*BUILTIN;
        // Every alias, glued to its neighbours and cut short, with astral characters and CRLF.
        let mut text = String::new();
        for (i, a) in t.aliases.iter().enumerate() {
            text.push_str(&a.text);
            let cut: String = a.text.chars().take(i % 4 + 1).collect();
            text.push_str(&cut);
            text.push_str(["", "𠮷", "\r\n", "银行"][i % 4]);
        }
        for (at, _) in text.char_indices() {
            let mut want: Vec<usize> = (0..t.aliases.len())
                .filter(|&i| text[at..].starts_with(t.aliases[i].text.as_str()))
                .collect();
            want.sort_by_key(|&i| std::cmp::Reverse(t.aliases[i].text.len()));
            let got: Vec<usize> = t
                .starting_at(&text, at)
                .map(|a| t.aliases.iter().position(|b| std::ptr::eq(a, b)).unwrap())
                .collect();
            assert_eq!(got, want, "at {at}");
        }
        assert_eq!(Table::default().starting_at("工行", 0).count(), 0);
    }

    #[test]
    fn longest_alias_first() {
        let t = &*BUILTIN;
        let text = "中国银行业协会";
        let first = t.starting_at(text, 0).next().unwrap();
        assert_eq!(first.text, "中国银行业协会");
        let usage: Vec<AliasUse> = t.starting_at("工行", 0).map(|a| a.usage).collect();
        assert_eq!(usage, vec![AliasUse::Boundary]);
    }
}
