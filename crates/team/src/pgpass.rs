//! The administrator's password as psql finds it: `PGPASSWORD`, else the password file
//! (`PGPASSFILE`, `~/.pgpass`, or `%APPDATA%\postgresql\pgpass.conf` on Windows), whose
//! lines are `host:port:database:user:password` with `*` for any and `\` escaping `:`.

use std::path::PathBuf;

use crate::target::Target;

/// The password psql would use for `target`, if any.
pub fn admin_password(target: &Target) -> Option<String> {
    if let Some(password) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Some(password);
    }
    let file = password_file()?;
    if !private_enough(&file) {
        tracing::warn!(file = %file.display(), "the password file is readable by others; psql ignores it too");
        return None;
    }
    lookup(&std::fs::read_to_string(file).ok()?, target)
}

fn password_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(file));
    }
    if cfg!(windows) {
        std::env::var_os("APPDATA").map(|d| PathBuf::from(d).join("postgresql").join("pgpass.conf"))
    } else {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass"))
    }
}

#[cfg(unix)]
fn private_enough(file: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn private_enough(_file: &std::path::Path) -> bool {
    true
}

/// The first matching line's password.
pub(crate) fn lookup(text: &str, target: &Target) -> Option<String> {
    let port = target.port.to_string();
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let fields = split(line);
            (fields.len() == 5).then_some(fields)
        })
        .find(|f| {
            let matches = |pattern: &str, value: &str| pattern == "*" || pattern == value;
            matches(&f[0], &target.host)
                && matches(&f[1], &port)
                && matches(&f[2], &target.database)
                && matches(&f[3], &target.user)
        })
        .map(|f| f[4].clone())
}

/// Splits at unescaped `:`; `\:` and `\\` stand for `:` and `\`.
fn split(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_psql_would_use() {
        let target = Target::parse("postgres://admin@db.example:5432/identdesk").unwrap();
        let file = "# comment\nother:5432:*:admin:nope\ndb.example:*:identdesk:admin:pa\\:ss\\\\word\n*:*:*:*:fallback\n";
        assert_eq!(lookup(file, &target).as_deref(), Some("pa:ss\\word"));
        let elsewhere = Target::parse("postgres://bob@x/y").unwrap();
        assert_eq!(lookup(file, &elsewhere).as_deref(), Some("fallback"));
        assert_eq!(lookup("a:b:c", &target), None);
    }
}
