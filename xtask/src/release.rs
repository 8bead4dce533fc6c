//! The release workflow's build step, as this machine runs it: the command of the step named
//! "Build installers" in `.github/workflows/release.yml`, with the Linux matrix entry's
//! values put in and no signing configuration (an unsigned build).

use std::path::Path;

use anyhow::{Context, Result, bail};
use yaml_rust2::{Yaml, YamlLoader};

const WORKFLOW: &str = ".github/workflows/release.yml";
const BUILD_STEP: &str = "Build installers";

/// The build step's command for Linux; `bundle_args` replaces the matrix's bundle list
/// (AppImage tooling downloads from GitHub, which this machine cannot reach).
pub fn linux_build_command(root: &Path, bundle_args: &str) -> Result<String> {
    let text = std::fs::read_to_string(root.join(WORKFLOW))
        .with_context(|| format!("reading {WORKFLOW}"))?;
    build_command(&text, bundle_args)
}

fn build_command(workflow: &str, bundle_args: &str) -> Result<String> {
    let docs = YamlLoader::load_from_str(workflow).context("the release workflow is not YAML")?;
    let installers = &docs.first().context("the release workflow is empty")?["jobs"]["installers"];
    let run = installers["steps"]
        .as_vec()
        .context("the installers job has no steps")?
        .iter()
        .find(|step| step["name"].as_str() == Some(BUILD_STEP))
        .and_then(|step| step["run"].as_str())
        .with_context(|| format!("no step {BUILD_STEP:?} with a `run:` command in {WORKFLOW}"))?;
    let linux = installers["strategy"]["matrix"]["include"]
        .as_vec()
        .and_then(|entries| {
            entries.iter().find(|entry| {
                entry["runner"]
                    .as_str()
                    .is_some_and(|r| r.starts_with("ubuntu"))
            })
        })
        .context("the release matrix has no Linux entry")?;
    substitute(run.trim(), |expression| match expression.split_once('.') {
        Some(("matrix", "bundle-args")) => Ok(bundle_args.to_owned()),
        Some(("matrix", key)) => match &linux[key] {
            Yaml::String(value) => Ok(value.clone()),
            _ => bail!("the Linux matrix entry has no {key:?}"),
        },
        // Signing and per-OS settings come from earlier steps; unsigned here.
        Some(("env", _)) => Ok(String::new()),
        _ => bail!("the build command uses ${{{{ {expression} }}}}, which this test cannot supply"),
    })
}

/// Replaces every `${{ expression }}` in `text` with what `value` says.
fn substitute(text: &str, value: impl Fn(&str) -> Result<String>) -> Result<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .map(|i| start + i)
            .context("an unclosed ${{ in the build command")?;
        out.push_str(&value(rest[start + 3..end].trim())?);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Ok(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_workflow_builds_from_the_repository_root_with_the_tauri_cli() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let command = linux_build_command(&root, "--bundles deb").unwrap();
        assert_eq!(
            command,
            "node ui/node_modules/@tauri-apps/cli/tauri.js build --ci --bundles deb"
        );
    }

    #[test]
    fn an_expression_it_cannot_supply_is_an_error_not_a_silent_blank() {
        let workflow = "jobs:\n  installers:\n    strategy:\n      matrix:\n        include:\n          - runner: ubuntu-22.04\n    steps:\n      - name: Build installers\n        run: tauri build ${{ secrets.TOKEN }}\n";
        assert!(build_command(workflow, "").is_err());
    }
}
