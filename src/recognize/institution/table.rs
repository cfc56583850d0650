//! The institution table (`src/data/institutions.txt`, format in its header) and
//! the alias index built from it and from `[[institutions]]` in `caixun.toml`.

use std::collections::HashMap;
use std::sync::LazyLock;

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

/// Entries and their written forms, longest first for each first character.
#[derive(Debug, Default)]
pub struct Table {
    pub entries: Vec<Entry>,
    pub aliases: Vec<Alias>,
    by_first: HashMap<char, Vec<usize>>,
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
        self.by_first.clear();
        for (i, a) in self.aliases.iter().enumerate() {
            if let Some(c) = a.text.chars().next() {
                self.by_first.entry(c).or_default().push(i);
            }
        }
        for list in self.by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(self.aliases[i].text.len()));
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

    /// Aliases that start at byte `at` of `text`, longest first.
    pub fn starting_at<'a>(&'a self, text: &'a str, at: usize) -> impl Iterator<Item = &'a Alias> {
        let first = text[at..].chars().next();
        first
            .and_then(|c| self.by_first.get(&c))
            .into_iter()
            .flatten()
            .map(|&i| &self.aliases[i])
            .filter(move |a| text[at..].starts_with(a.text.as_str()))
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
