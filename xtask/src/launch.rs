//! How the Linux packages start the app: the environment their desktop entry sets before it
//! runs the binary (JavaScriptCore's options for WebKit's web process). Read from the entry's
//! template, so the benchmark, the end-to-end tests and `cargo xtask run` start the app the way
//! an officer's menu does, and from an installed entry, so the installer test checks what the
//! package really carries.

use std::path::Path;

use anyhow::{Context, Result, bail};

/// The desktop entry's template, as `tauri.conf.json` names it for the `.deb` and the `.rpm`.
pub const DESKTOP_TEMPLATE: &str = "src-tauri/linux/identdesk.desktop.hbs";

/// What a desktop entry's `Exec=` line runs: the environment it sets, then the program.
#[derive(Debug, PartialEq, Eq)]
pub struct Launch {
    pub environment: Vec<(String, String)>,
    pub program: String,
}

impl Launch {
    /// The environment as one `NAME=value NAME=value` word list, for the test scripts
    /// (`IDENTDESK_LAUNCH_ENV`, read by tests/e2e/driver.mjs and startup-bench.mjs).
    pub fn environment_words(&self) -> String {
        self.environment
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// How the packages' desktop entry starts the app, read from its template.
pub fn desktop_launch(root: &Path) -> Result<Launch> {
    let path = root.join(DESKTOP_TEMPLATE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    parse_exec(&text).with_context(|| format!("in {}", path.display()))
}

/// Reads the `Exec=` line of a desktop entry: `env NAME=value … program` or `program`.
/// Values are plain words: the entry's quoting rules are not needed for the options it sets,
/// and a quote is refused rather than passed on wrongly.
pub fn parse_exec(entry: &str) -> Result<Launch> {
    let exec = entry
        .lines()
        .find_map(|line| line.strip_prefix("Exec="))
        .context("the desktop entry has no Exec= line")?;
    let mut words = exec.split_whitespace().peekable();
    let mut environment = Vec::new();
    if words.peek() == Some(&"env") {
        words.next();
        while let Some((name, value)) = words.peek().and_then(|word| word.split_once('=')) {
            if !is_variable_name(name) || value.contains(['"', '\'', '\\']) {
                bail!("Exec= sets `{name}={value}`, which is not a plain NAME=value word");
            }
            environment.push((name.to_owned(), value.to_owned()));
            words.next();
        }
    }
    let program = words.next().context("Exec= names no program")?.to_owned();
    Ok(Launch {
        environment,
        program,
    })
}

fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first == '_' || first.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_env_prefix_gives_the_environment_and_the_program() {
        let launch =
            parse_exec("[Desktop Entry]\nExec=env A=1 B_2=x identdesk %U\nName=IdentDesk\n");
        assert_eq!(
            launch.unwrap(),
            Launch {
                environment: vec![("A".into(), "1".into()), ("B_2".into(), "x".into())],
                program: "identdesk".into(),
            }
        );
    }

    #[test]
    fn a_plain_exec_sets_nothing() {
        let launch = parse_exec("Exec=identdesk\n").unwrap();
        assert!(launch.environment.is_empty());
        assert_eq!(launch.program, "identdesk");
    }

    #[test]
    fn quoted_values_and_odd_names_are_refused() {
        assert!(parse_exec("Exec=env A=\"1 2\" identdesk\n").is_err());
        assert!(parse_exec("Exec=env 1A=1 identdesk\n").is_err());
        assert!(parse_exec("Name=IdentDesk\n").is_err());
        assert!(parse_exec("Exec=env A=1\n").is_err());
    }

    /// The template the packages are built from sets JavaScriptCore's options and runs the
    /// binary Tauri names (`{{exec}}`), and tauri.conf.json gives it to both packages.
    #[test]
    fn the_packages_template_sets_the_engine_options() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let launch = desktop_launch(&root).unwrap();
        assert_eq!(launch.program, "{{exec}}");
        assert!(
            launch
                .environment
                .iter()
                .any(|(name, _)| name == "JSC_thresholdForOptimizeAfterWarmUp"),
            "{launch:?}"
        );
        let config: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root.join("tauri.conf.json")).unwrap())
                .unwrap();
        for package in ["deb", "rpm"] {
            assert_eq!(
                config["bundle"]["linux"][package]["desktopTemplate"], DESKTOP_TEMPLATE,
                "{package}"
            );
        }
        assert_eq!(
            launch.environment_words().split(' ').count(),
            launch.environment.len()
        );
    }
}
