//! Two sections of `docs/benchmarks.md`: the window against a bare Tauri window (first rows,
//! interactive, memory at idle) and against one with the app's UI stack alone, and the team
//! workspace at a bank's scale; and the number and verdict helpers every section uses.

use anyhow::{Context, Result};

pub fn number(r: &serde_json::Value, path: &[&str]) -> Result<f64> {
    let mut value = r;
    for key in path {
        value = &value[*key];
    }
    value
        .as_f64()
        .with_context(|| format!("no number at {}", path.join(".")))
}

pub fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "**missed**" }
}

/// A count as the docs write it: `1 000 000`.
fn grouped(count: f64) -> String {
    let digits = format!("{count:.0}");
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

/// Start-up and memory against the bare window (`tests/e2e/startup-bench.mjs`).
pub fn render_window(r: &serde_json::Value) -> Result<String> {
    let n = |path: &[&str]| number(&r["startup"], path);
    let bare = n(&["bare_window_ms"])?;
    let rows = n(&["rows_painted_ratio_to_bare"])?;
    let interactive = n(&["interactive_ratio_to_bare"])?;
    let memory = n(&["idle_memory", "rss_ratio"])?;
    Ok(format!(
        "## The window against a bare one

The same launches as the start-up row above (median of {:.0} each, from the WebDriver session
request, which launches the app, read on the page's own clock: the page's start after the
launch, then its `performance.now()`), against a bare Tauri window built the same way whose
HTML is painted after {bare:.0} ms. *First rows painted*: the list's first rows in the page and
two animation frames drawn after them (the app serves its page with them, drawn by the Rust
side). *Interactive*: the first row clicked then, in the same script, and the identification's
detail shown. Each ratio takes the slower of the two caches.

| measurement | IdentDesk | yardstick | ratio | goal | |
|---|---|---|---|---|---|
| first rows painted, 1 000 / 1 000 000 cached | {:.0} ms / {:.0} ms | bare window painted: {bare:.0} ms | {rows:.2}× | ≤ 1.3× | {} |
| list interactive (a row opened), 1 000 / 1 000 000 cached | {:.0} ms / {:.0} ms | bare window painted: {bare:.0} ms | {interactive:.2}× | ≤ 1.6× | {} |
| memory at idle over 100 000 cached (app + WebKit processes, resident, 30 s after the list shows) | {:.0} MiB (PSS {:.0} MiB) | the bare window's: {:.0} MiB (PSS {:.0} MiB) | {memory:.2}× | ≤ 1.2× | {} |

IdentDesk is started here as its Linux packages' desktop entry starts it
(`src-tauri/linux/identdesk.desktop.hbs`): with JavaScriptCore's options for WebKit's web
process, `{}`. Started without them, as from a terminal, it holds {:.0} MiB (PSS {:.0} MiB) at
idle, {:.2}× the bare window's. The bare window runs without them; the React + Mantine window
below runs with them, as the app does.

Where a launch's time goes (medians, read from the page's own clock): the page starts
{:.0} ms after the launch (the bare window's: {:.0} ms; the core opens beside it) with the
first rows in it, which WebKit paints at {:.0} ms (the bare window's first paint: {:.0} ms).
The page's small entry script runs at {:.0} ms and loads the app's code after that frame; the
app starts at {:.0} ms (its chunk and Mantine's styles loaded and parsed), calls its first
render at {:.0} ms (the first screen's data already answered), and React's first commit has
run its effects at {:.0} ms.
",
        n(&["rounds"])?,
        n(&["rows_painted_small_ms"])?,
        n(&["rows_painted_large_ms"])?,
        verdict(rows <= 1.3),
        n(&["small_ms"])?,
        n(&["large_ms"])?,
        verdict(interactive <= 1.6),
        n(&["idle_memory", "app_rss_mib"])?,
        n(&["idle_memory", "app_pss_mib"])?,
        n(&["idle_memory", "bare_rss_mib"])?,
        n(&["idle_memory", "bare_pss_mib"])?,
        verdict(memory <= 1.2),
        r["startup"]["idle_memory"]["launch_environment"]
            .as_str()
            .context("no launch_environment in the start-up results")?,
        n(&["idle_memory", "plain_rss_mib"])?,
        n(&["idle_memory", "plain_pss_mib"])?,
        n(&["idle_memory", "plain_rss_ratio"])?,
        n(&["phases", "app", "page_start"])?,
        n(&["phases", "bare", "page_start"])?,
        n(&["phases", "app", "first_paint"])?,
        n(&["phases", "bare", "first_paint"])?,
        n(&["phases", "app", "main"])?,
        n(&["phases", "app", "boot"])?,
        n(&["phases", "app", "render"])?,
        n(&["phases", "app", "commit"])?,
    ) + &render_stack_window(r)?)
}

/// The same launches against the window with React and Mantine alone (`bench/stack-window`):
/// the yardstick proposed for the two goals the bare window's floor puts out of reach.
fn render_stack_window(r: &serde_json::Value) -> Result<String> {
    let n = |path: &[&str]| number(&r["startup"], path);
    let interactive = n(&["stack_window", "app_interactive_ratio"])?;
    let pss = n(&["idle_memory", "pss_ratio_to_stack"])?;
    Ok(format!(
        "
### Against the app's UI stack alone (a proposed yardstick)

`bench/stack-window` is the same Tauri window (same profile, size and content security policy)
with IdentDesk's UI stack and nothing of IdentDesk: React and Mantine with the app's theme and
per-component styles (`ui/yardstick`), its first rows in its HTML as the app serves its own, the
same entry and start, and on a click a detail of the app's shape (header, navigation, the
detail's title, result and six cards) from made-up data: no core, no IPC, no languages, no
query cache. It runs in the same rounds; its idle memory is read with its React list shown.

| measurement | IdentDesk | React + Mantine window | ratio | proposed goal | |
|---|---|---|---|---|---|
| interactive (a row opened), the slower cache | {:.0} ms | {:.0} ms ({:.2}× the bare window) | {interactive:.2}× | ≤ 1.3× | {} |
| memory at idle, PSS (shared pages split among their sharers) | {:.0} MiB | {:.0} MiB | {pss:.2}× | ≤ 1.2× | {} |
| memory at idle, resident | {:.0} MiB | {:.0} MiB | {:.2}× | – | |

Its phases (page clock, medians): the page starts {:.0} ms after the launch, first paint
{:.0} ms, entry script {:.0} ms, its code running {:.0} ms, first render {:.0} ms, React's
commit {:.0} ms.

Memory at idle per process (PSS, the launch with the median total): IdentDesk {}; the React +
Mantine window {}; the bare window {}.

Where that memory is: resident MiB by what the pages hold, summed over each window's processes
(the same launches; a page shared by two processes counts in both, as RSS does).

{}",
        n(&["small_ms"])?.max(n(&["large_ms"])?),
        n(&["stack_window", "interactive_ms"])?,
        n(&["stack_window", "interactive_ratio_to_bare"])?,
        verdict(interactive <= 1.3),
        n(&["idle_memory", "app_pss_mib"])?,
        n(&["idle_memory", "stack_pss_mib"])?,
        verdict(pss <= 1.2),
        n(&["idle_memory", "app_rss_mib"])?,
        n(&["idle_memory", "stack_rss_mib"])?,
        n(&["idle_memory", "rss_ratio_to_stack"])?,
        n(&["phases", "stack", "page_start"])?,
        n(&["phases", "stack", "first_paint"])?,
        n(&["phases", "stack", "main"])?,
        n(&["phases", "stack", "boot"])?,
        n(&["phases", "stack", "render"])?,
        n(&["phases", "stack", "commit"])?,
        per_process(&r["startup"]["idle_memory"]["processes"]["app"]),
        per_process(&r["startup"]["idle_memory"]["processes"]["stack"]),
        per_process(&r["startup"]["idle_memory"]["processes"]["bare"]),
        by_kind_table(&r["startup"]["idle_memory"]["processes"]),
    ))
}

/// The kinds of resident page the start-up benchmark tells apart (`residentByKind` in
/// tests/e2e/startup-bench.mjs), in the order and words of the table.
const MEMORY_KINDS: [(&str, &str); 7] = [
    (
        "program",
        "the program itself (IdentDesk's binary; WebKit's helpers)",
    ),
    (
        "crypto",
        "OpenSSL's libcrypto (SQLCipher's cipher for the cache)",
    ),
    ("icu", "ICU (dates, numbers, text)"),
    ("webkit", "WebKit and JavaScriptCore code"),
    ("gl", "GL: Mesa and LLVM (this machine draws in software)"),
    ("other", "other libraries and files"),
    (
        "anonymous",
        "no file: heaps (JavaScript's, malloc's), stacks, pages written at load",
    ),
];

/// A table of resident MiB by kind for IdentDesk (as its desktop entry starts it, and from a
/// terminal), the React + Mantine window and the bare window, with IdentDesk's difference
/// from the bare window: where the ratio comes from.
fn by_kind_table(processes: &serde_json::Value) -> String {
    let totals = |window: &str| -> Vec<f64> {
        MEMORY_KINDS
            .iter()
            .map(|(kind, _)| {
                processes[window]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|process| process["by_kind_kib"][kind].as_f64())
                    .sum::<f64>()
                    / 1024.0
            })
            .collect()
    };
    let (app, plain, stack, bare) = (
        totals("app"),
        totals("plain"),
        totals("stack"),
        totals("bare"),
    );
    let mut table = String::from(
        "| resident | IdentDesk | IdentDesk from a terminal | React + Mantine window | bare window | IdentDesk − bare |\n|---|---|---|---|---|---|\n",
    );
    for (i, (_, words)) in MEMORY_KINDS.iter().enumerate() {
        table += &format!(
            "| {words} | {:.1} MiB | {:.1} MiB | {:.1} MiB | {:.1} MiB | {:+.1} MiB |\n",
            app[i],
            plain[i],
            stack[i],
            bare[i],
            app[i] - bare[i]
        );
    }
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    table += &format!(
        "| all | {:.1} MiB | {:.1} MiB | {:.1} MiB | {:.1} MiB | {:+.1} MiB |\n",
        sum(&app),
        sum(&plain),
        sum(&stack),
        sum(&bare),
        sum(&app) - sum(&bare)
    );
    table
}

/// `name 12 MiB, …` of the processes one idle-memory sample read.
fn per_process(processes: &serde_json::Value) -> String {
    let named: Vec<String> = processes
        .as_array()
        .into_iter()
        .flatten()
        .map(|process| {
            format!(
                "{} {:.0} MiB",
                process["name"].as_str().unwrap_or("?"),
                process["pss_kib"].as_f64().unwrap_or(0.0) / 1024.0
            )
        })
        .collect();
    if named.is_empty() {
        "–".to_owned()
    } else {
        named.join(", ")
    }
}

/// The team workspace at scale (`identdesk-bench team-scale`).
pub fn render_team_scale(r: &serde_json::Value) -> Result<String> {
    let s = &r["team_scale"];
    if s["skipped"].is_string() {
        return Ok(format!(
            "## The team at a bank's scale\n\nSkipped: {}\n",
            s["skipped"]
        ));
    }
    let n = |path: &[&str]| number(s, path);
    let visible = n(&["visible", "p95_ms"])?;
    let overview = n(&["overview", "p95_ms"])?;
    let lost = n(&["load", "lost"])?;
    let twice = n(&["load", "confirmed_twice"])?;
    let ready = n(&["join", "ready_seconds"])?;
    let follow_read = n(&["join", "follow_rows_read"])?;
    let follow_changes = n(&["join", "follow_changes"])?;
    Ok(format!(
        "## The team at a bank's scale

`identdesk-bench team-scale`: a throwaway PostgreSQL server on loopback
(`max_connections = {:.0}`) holding {} identifications over three accounts, created over
two years (written by the bulk path in `crates/bench/src/team_scale.rs`: the rows `claim`,
`created` and `report_results` write, one statement per table; {:.0} s), and {:.0} officers, each
holding the connections the app holds: one for calls, one listening.

| measurement | IdentDesk | goal | |
|---|---|---|---|
| a colleague's proposal visible in every one of {:.0} listening apps ({:.0} proposals) | p50 {:.0} ms, p95 {visible:.0} ms, slowest {:.0} ms | p95 ≤ 1 s | {} |
| the overview from the team database over {} (30 days and a quarter, all accounts) | p50 {:.1} ms, p95 {overview:.1} ms | p95 ≤ 150 ms | {} |
| {:.0} officers proposing and confirming {} at once, each action signed | {:.0} decisions/s, {lost:.0} lost, {twice:.0} confirmed twice | 0 lost, 0 twice | {} |
| an app joins: its mirror of {} ready | {ready:.1} s (joining {:.1} s, then the first re-read) | ≤ 30 s | {} |
| then {follow_changes:.0} changes: what the next re-read reads | {follow_read:.0} rows in {:.0} ms | O(changes) | {} |
| the server's disk per 100 000 identifications (tables and indexes) | {:.1} MiB | – | |
| the trail per entry (table and indexes, {} entries) | {:.0} bytes | – | |

Visibility: from the proposal's commit until each app has read it through
`identdesk.changes_since`, as the app's watcher does on a notification. The overview: the
joined app's `figures` call (the server's `overview_facts` plus the figures code), each
period 20 times after one unmeasured call.
",
        n(&["max_connections"])?,
        grouped(n(&["identifications"])?),
        n(&["seeded_seconds"])?,
        n(&["officers"])?,
        n(&["visible", "apps"])?,
        n(&["visible", "proposals"])?,
        n(&["visible", "p50_ms"])?,
        n(&["visible", "max_ms"])?,
        verdict(visible <= 1000.0),
        grouped(n(&["overview", "identifications"])?),
        n(&["overview", "p50_ms"])?,
        verdict(overview <= 150.0),
        n(&["load", "officers"])?,
        grouped(n(&["load", "identifications"])?),
        n(&["load", "decisions_per_second"])?,
        verdict(lost == 0.0 && twice == 0.0),
        grouped(n(&["join", "mirrored"])?),
        n(&["join", "join_seconds"])?,
        verdict(ready <= 30.0),
        n(&["join", "follow_ms"])?,
        verdict(follow_read <= follow_changes * 2.0),
        n(&["disk", "mib_per_100k_identifications"])?,
        grouped(n(&["disk", "trail_entries"])?),
        n(&["disk", "trail_bytes_per_entry"])?,
    ))
}

#[cfg(test)]
mod tests {
    use super::{by_kind_table, grouped, per_process, render_window};

    /// The committed results render with the words the benchmark writes them in: a key the
    /// start-up script renamed or dropped fails here, not after a 25-minute benchmark run.
    #[test]
    fn the_committed_results_render() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/benchmarks.json");
        let results: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let window = render_window(&results).unwrap();
        let environment = results["startup"]["idle_memory"]["launch_environment"]
            .as_str()
            .unwrap();
        assert!(window.contains(&format!("`{environment}`")), "{window}");
        assert!(window.contains("| IdentDesk from a terminal |"), "{window}");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(1_000_000.0), "1 000 000");
        assert_eq!(grouped(1_004_020.0), "1 004 020");
        assert_eq!(grouped(8_651.0), "8 651");
        assert_eq!(grouped(999.0), "999");
    }

    #[test]
    fn processes_are_named_with_their_share_in_mebibytes() {
        let sample = serde_json::json!([
            {"name": "identdesk", "rss_kib": 4096, "pss_kib": 3072},
            {"name": "WebKitWebProces", "rss_kib": 2048, "pss_kib": 1536},
        ]);
        assert_eq!(
            per_process(&sample),
            "identdesk 3 MiB, WebKitWebProces 2 MiB"
        );
        assert_eq!(per_process(&serde_json::Value::Null), "–");
    }

    #[test]
    fn memory_by_kind_is_summed_over_a_windows_processes() {
        let kinds = |program: u32, anonymous: u32| {
            serde_json::json!({"program": program, "anonymous": anonymous, "crypto": 0,
                               "icu": 0, "webkit": 0, "gl": 0, "other": 0})
        };
        let processes = serde_json::json!({
            "app": [{"name": "identdesk", "by_kind_kib": kinds(2048, 1024)},
                    {"name": "WebKitWebProces", "by_kind_kib": kinds(512, 3072)}],
            "plain": [{"name": "identdesk", "by_kind_kib": kinds(2048, 2048)}],
            "stack": [{"name": "stack-window", "by_kind_kib": kinds(1024, 1024)}],
            "bare": [{"name": "bare-window", "by_kind_kib": kinds(1024, 512)}],
        });
        let table = by_kind_table(&processes);
        assert!(
            table.contains("| the program itself (IdentDesk's binary; WebKit's helpers) | 2.5 MiB | 2.0 MiB | 1.0 MiB | 1.0 MiB | +1.5 MiB |"),
            "{table}"
        );
        assert!(
            table.contains("| 4.0 MiB | 2.0 MiB | 1.0 MiB | 0.5 MiB | +3.5 MiB |"),
            "{table}"
        );
        assert!(
            table.contains("| all | 6.5 MiB | 4.0 MiB | 2.0 MiB | 1.5 MiB | +5.0 MiB |"),
            "{table}"
        );
    }
}
