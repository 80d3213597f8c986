//! Reading a schema bundle from disk: a directory of JSON files or one packed file.

use a6check_core::Files;
use std::path::Path;

/// What `--bundle` pointed at.
pub enum Source {
    /// A bundle directory, read into a file map.
    Files(Files),
    /// A packed bundle file's text.
    Packed(String),
}

/// Read `path` as a bundle directory or a packed bundle file. Errors name the file
/// and, for JSON syntax, the line and column.
pub fn read(path: &str) -> Result<Source, String> {
    let p = Path::new(path);
    if p.is_dir() {
        let mut files = Files::new();
        collect(p, p, &mut files)?;
        Ok(Source::Files(files))
    } else {
        std::fs::read_to_string(p)
            .map(Source::Packed)
            .map_err(|e| format!("cannot read bundle {path}: {e}"))
    }
}

fn collect(dir: &Path, root: &Path, out: &mut Files) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let rel = path
            .strip_prefix(root)
            .map_err(|e| e.to_string())?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if path.is_dir() {
            collect(&path, root, out)?;
        } else if path.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let parsed = a6check_core::json::parse(&text).map_err(|e| {
                format!(
                    "{}: not valid JSON at line {}, column {} ({})",
                    path.display(),
                    e.line,
                    e.column,
                    e.kind
                )
            })?;
            out.insert(rel, parsed.value);
        }
    }
    Ok(())
}
