//! "Did you mean …": the closest official code-list value to a near-miss spelling.

use serde_json::Value;

/// The option closest to `given`, if it is close enough to be a plausible typo.
///
/// Case, spacing and punctuation differences always count as close; otherwise the
/// edit distance must be at most a third of the longer string (and at least 1).
pub fn closest(given: &str, options: &[Value]) -> Option<String> {
    let folded = fold(given);
    let mut best: Option<(usize, &str)> = None;
    for opt in options.iter().filter_map(Value::as_str) {
        let f = fold(opt);
        if f == folded {
            return Some(opt.to_owned());
        }
        let d = levenshtein(&folded, &f);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, opt));
        }
    }
    let (d, opt) = best?;
    let longest = folded.chars().count().max(fold(opt).chars().count());
    (d * 3 <= longest.max(3)).then(|| opt.to_owned())
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn suggests_official_spelling() {
        let ft = json!(["Authorisation", "Issuance", "Use or Cancellation"]);
        let ft = ft.as_array().cloned().unwrap_or_default();
        assert_eq!(
            closest("Authorization", &ft).as_deref(),
            Some("Authorisation")
        );
        assert_eq!(
            closest("use or cancellation", &ft).as_deref(),
            Some("Use or Cancellation")
        );
        assert_eq!(closest("Banana split", &ft), None);
        let at = json!(["C02 usage", "Cement"]);
        let at = at.as_array().cloned().unwrap_or_default();
        assert_eq!(closest("CO2 usage", &at).as_deref(), Some("C02 usage"));
    }
}
