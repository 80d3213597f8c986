//! Just enough RFC 3986 for `$id` and `$ref`: reference resolution against a base,
//! dot-segment removal, fragments and percent-decoding. Nothing is ever fetched.

/// The parts of a URI reference (`scheme:` `//authority` `path` `?query`; no fragment).
struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
}

fn parts(s: &str) -> Parts<'_> {
    let mut rest = s;
    let mut scheme = None;
    if let Some(i) = rest.find([':', '/', '?', '#']) {
        if rest.as_bytes()[i] == b':' && i > 0 && is_scheme(&rest[..i]) {
            scheme = Some(&rest[..i]);
            rest = &rest[i + 1..];
        }
    }
    let mut authority = None;
    if let Some(r) = rest.strip_prefix("//") {
        let end = r.find(['/', '?']).unwrap_or(r.len());
        authority = Some(&r[..end]);
        rest = &r[end..];
    }
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
    }
}

fn is_scheme(s: &str) -> bool {
    let mut b = s.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
}

/// Split off the fragment: (`uri without fragment`, `fragment` or "").
pub fn split_fragment(s: &str) -> (&str, &str) {
    match s.find('#') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    }
}

fn remove_dot_segments(path: &str) -> String {
    let mut input = path.to_owned();
    let mut out = String::with_capacity(path.len());
    let pop_last = |out: &mut String| match out.rfind('/') {
        Some(i) => out.truncate(i),
        None => out.clear(),
    };
    while !input.is_empty() {
        if input.starts_with("../") {
            input.drain(..3);
        } else if input.starts_with("./") {
            input.drain(..2);
        } else if input.starts_with("/./") {
            input.replace_range(..3, "/");
        } else if input == "/." {
            input = "/".to_owned();
        } else if input.starts_with("/../") {
            input.replace_range(..4, "/");
            pop_last(&mut out);
        } else if input == "/.." {
            input = "/".to_owned();
            pop_last(&mut out);
        } else if input == "." || input == ".." {
            input.clear();
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            out.push_str(&input[..end]);
            input.drain(..end);
        }
    }
    out
}

fn merge(base: &Parts<'_>, rpath: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        return format!("/{rpath}");
    }
    match base.path.rfind('/') {
        Some(i) => format!("{}{rpath}", &base.path[..=i]),
        None => rpath.to_owned(),
    }
}

fn compose(
    scheme: Option<&str>,
    authority: Option<&str>,
    path: &str,
    query: Option<&str>,
    fragment: Option<&str>,
) -> String {
    let mut s = String::new();
    if let Some(x) = scheme {
        s.push_str(x);
        s.push(':');
    }
    if let Some(a) = authority {
        s.push_str("//");
        s.push_str(a);
    }
    s.push_str(path);
    if let Some(q) = query {
        s.push('?');
        s.push_str(q);
    }
    if let Some(f) = fragment {
        s.push('#');
        s.push_str(f);
    }
    s
}

/// Resolve `reference` against the absolute `base` (RFC 3986 §5.2.2). The fragment of
/// the reference is kept; the base's fragment is dropped.
pub fn resolve(base: &str, reference: &str) -> String {
    let (rnf, rfrag) = match reference.find('#') {
        Some(i) => (&reference[..i], Some(&reference[i + 1..])),
        None => (reference, None),
    };
    let (bnf, _) = split_fragment(base);
    let r = parts(rnf);
    let b = parts(bnf);
    if r.scheme.is_some() {
        return compose(
            r.scheme,
            r.authority,
            &remove_dot_segments(r.path),
            r.query,
            rfrag,
        );
    }
    if r.authority.is_some() {
        return compose(
            b.scheme,
            r.authority,
            &remove_dot_segments(r.path),
            r.query,
            rfrag,
        );
    }
    if r.path.is_empty() {
        return compose(b.scheme, b.authority, b.path, r.query.or(b.query), rfrag);
    }
    let path = if r.path.starts_with('/') {
        remove_dot_segments(r.path)
    } else {
        remove_dot_segments(&merge(&b, r.path))
    };
    compose(b.scheme, b.authority, &path, r.query, rfrag)
}

/// Percent-decode `s` (invalid escapes are kept as they are).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Unescape one JSON Pointer token (`~1` → `/`, `~0` → `~`).
pub fn unescape_token(t: &str) -> String {
    if t.contains('~') {
        t.replace("~1", "/").replace("~0", "~")
    } else {
        t.to_owned()
    }
}

/// Escape one JSON Pointer token.
pub fn escape_token(t: &str) -> std::borrow::Cow<'_, str> {
    if t.contains(['~', '/']) {
        std::borrow::Cow::Owned(t.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn rfc3986_examples() {
        let b = "http://a/b/c/d;p?q";
        for (r, want) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("g;x=1/../y", "http://a/b/c/y"),
        ] {
            assert_eq!(resolve(b, r), want, "{r}");
        }
        assert_eq!(resolve("urn:uuid:1234", "#/a"), "urn:uuid:1234#/a");
        assert_eq!(
            resolve("json-schema:///", "foo.json"),
            "json-schema:///foo.json"
        );
    }
}
