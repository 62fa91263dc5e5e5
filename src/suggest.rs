//! "Did you mean …?" hints for a mistyped key, name or metric: the valid
//! name nearest to what was typed, by Jaro–Winkler similarity (from
//! `strsim`, which clap already uses for its own suggestions).

/// Least Jaro–Winkler similarity (0 to 1) for a name to be suggested:
/// high enough that a suggestion is a likely typo, not a guess.
const MIN_SIMILARITY: f64 = 0.8;

/// Most names listed by [`names_list`].
pub const MAX_LISTED: usize = 12;

/// The candidate nearest to `typed`, if one is close enough.
pub fn nearest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|c| *c != typed)
        .map(|c| (strsim::jaro_winkler(typed, c), c))
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `did you mean `x`?` for the nearest candidate, if any.
pub fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(typed, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The names, each in backticks, comma-separated, if there are at most
/// [`MAX_LISTED`] of them.
pub fn names_list<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    (!names.is_empty() && names.len() <= MAX_LISTED).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_the_name_and_strangers_find_nothing() {
        let fields = ["description", "headcount", "abstraction", "shifts"];
        assert_eq!(nearest("headcont", fields), Some("headcount"));
        assert_eq!(nearest("shift", fields), Some("shifts"));
        assert_eq!(nearest("zzz", fields), None);
        assert_eq!(
            nearest("response_nrth", ["response_north", "response_south"]),
            Some("response_north")
        );
        assert_eq!(names_list(["a", "b"]).as_deref(), Some("`a`, `b`"));
        assert_eq!(names_list(std::iter::empty()), None);
    }
}
