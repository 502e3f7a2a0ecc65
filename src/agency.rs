//! Wire agencies named in a text, and datelines ("SEOUL, South Korea (AP) —").

use crate::normalize::{finish, tokenize, Token};

/// The agencies Ditto names, each with the ways a text names it. Short
/// acronyms count only in the forms wire copy uses ("(AP)", "AP —"), not as
/// any capitalised word, so "PA" in an address is not the Press Association.
const AGENCIES: &[(&str, &[&str], &[&str])] = &[
    // (label, names found as whole words anywhere, acronyms found in a byline form)
    ("AP", &["Associated Press", "AP News"], &["AP"]),
    ("Reuters", &["Reuters", "REUTERS"], &[]),
    (
        "AFP",
        &["Agence France-Presse", "Agence France Presse", "AFP"],
        &[],
    ),
    ("UPI", &["United Press International", "UPI"], &[]),
    ("dpa", &["Deutsche Presse-Agentur", "dpa"], &[]),
    ("PA", &["Press Association", "PA Media", "PA Wire"], &["PA"]),
];

/// Every label [`agency_in`] can return.
pub const LABELS: [&str; 6] = ["AP", "Reuters", "AFP", "UPI", "dpa", "PA"];

/// The first agency `text` names, in text order.
pub fn agency_in(text: &str) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    for &(label, names, acronyms) in AGENCIES {
        let found = names
            .iter()
            .filter_map(|name| find_word(text, name))
            .chain(
                acronyms
                    .iter()
                    .filter_map(|acronym| find_byline(text, acronym)),
            )
            .min();
        if let Some(at) = found {
            if best.is_none_or(|(b, _)| at < b) {
                best = Some((at, label));
            }
        }
    }
    best.map(|(_, label)| label)
}

/// A dateline at the start of `text`: the place before "(AGENCY)" followed by
/// a dash. Returns a key for the place (folded) and the agency.
pub fn dateline(text: &str) -> Option<(u64, &'static str)> {
    let head: String = text.chars().take(120).collect();
    let open = head.find('(')?;
    let close = open + head[open..].find(')')?;
    let inside = head[open + 1..close].trim();
    let label = AGENCIES.iter().find_map(|&(label, names, acronyms)| {
        (names.contains(&inside) || acronyms.contains(&inside) || label == inside).then_some(label)
    })?;
    let after = head[close + 1..].trim_start();
    if !after.starts_with(['—', '–', '-', '―']) {
        return None;
    }
    let place = head[..open].trim();
    if place.is_empty() || !place.chars().next()?.is_uppercase() {
        return None;
    }
    let mut tokens: Vec<Token> = Vec::new();
    tokenize(place, &mut tokens);
    let key = tokens
        .iter()
        .fold(0u64, |h, t| finish(h ^ t.hash.rotate_left(9)));
    Some((key, label))
}

/// Byte offset of `word` in `text` with no letter or digit on either side.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let end = at + word.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Byte offset of an acronym used as a byline: "(AP)", "AP —", "— AP".
fn find_byline(text: &str, acronym: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = find_word(&text[from..], acronym) {
        let at = from + found;
        let end = at + acronym.len();
        let before = text[..at].trim_end().chars().next_back();
        let after = text[end..].trim_start().chars().next();
        let dash = |c: Option<char>| matches!(c, Some('—' | '–' | '-' | '―'));
        let byline = (before == Some('(') && after == Some(')'))
            || dash(after)
            || (dash(before) && (after.is_none() || after == Some('.')));
        if byline {
            return Some(at);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies_by_name_and_byline() {
        assert_eq!(
            agency_in("SEOUL, South Korea (AP) — North Korea fired"),
            Some("AP")
        );
        assert_eq!(agency_in("By The Associated Press"), Some("AP"));
        assert_eq!(
            agency_in("LONDON (Reuters) - Britain's economy"),
            Some("Reuters")
        );
        assert_eq!(agency_in("PARIS (AFP) - France said"), Some("AFP"));
        assert_eq!(
            agency_in("WASHINGTON, Jan. 3 (UPI) -- The Senate"),
            Some("UPI")
        );
        assert_eq!(agency_in("Berlin (dpa) - Die Regierung"), Some("dpa"));
        assert_eq!(agency_in("LONDON (PA) - Ministers"), Some("PA"));
        assert_eq!(agency_in("A report from PA Media said"), Some("PA"));
    }

    #[test]
    fn acronyms_in_ordinary_text_are_not_agencies() {
        assert_eq!(agency_in("She moved to Pittsburgh, PA in 2019."), None);
        assert_eq!(agency_in("He took AP Calculus and APL classes"), None);
        assert_eq!(agency_in("The dpad and gadpa words"), None);
    }

    #[test]
    fn labels_are_listed() {
        for (label, _, _) in AGENCIES {
            assert!(LABELS.contains(label));
        }
    }

    #[test]
    fn datelines() {
        let (seoul, label) = dateline("SEOUL, South Korea (AP) — North Korea fired").unwrap();
        assert_eq!(label, "AP");
        let (again, _) = dateline("Seoul, South Korea (AP) - The launch came").unwrap();
        assert_eq!(seoul, again);
        let (tokyo, _) = dateline("TOKYO (AP) — Japan said").unwrap();
        assert_ne!(seoul, tokyo);
        assert_eq!(dateline("A story (AP) that has no dash"), None);
        assert_eq!(dateline("No dateline here at all"), None);
    }
}
