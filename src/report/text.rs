//! Text for people. Output is styled with ANSI codes; the CLI prints it through `anstream`,
//! which strips them when the output is not a terminal or `NO_COLOR` is set. Severity is
//! always written as a word, so nothing depends on colour.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::diagnostic::{Diagnostic, Excerpt};
use crate::escape::{self, visible};
use std::path::PathBuf;

use super::Tally;
use crate::rules::{RuleKind, RuleSet, Severity};
use crate::{CheckedLabel, LoadedRules, Profile, RulesOrigin};

pub fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Warning => AnsiColor::Red.on_default().bold(),
        Severity::Caution => AnsiColor::Yellow.on_default().bold(),
        Severity::Notice => AnsiColor::Cyan.on_default(),
        Severity::Info => AnsiColor::Blue.on_default(),
    }
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const ERROR: Style = AnsiColor::Red.on_default().bold();

/// How `check`'s text report is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Layout {
    /// Wrap long lines to this many columns (the terminal's width); `None` writes each
    /// finding on one line, as scripts that grep the output expect.
    pub width: Option<usize>,
}

/// Checks `files` and writes the `check` text report to `out` and the errors to `errors`, as
/// the labels are checked: one block per label in file order, then the summary. Memory stays
/// flat however many files there are. `walk_errors` (problems found before checking, such as a
/// folder with no labels) are written first. Only a failure to write `out` is returned; the
/// error stream is best effort.
pub fn write_check(
    out: &mut impl std::io::Write,
    errors: &mut impl std::io::Write,
    rules: &RuleSet,
    profile: &Profile,
    files: &[PathBuf],
    walk_errors: &[Diagnostic],
    layout: Layout,
) -> std::io::Result<Tally> {
    let mut tally = Tally::default();
    tally.add_errors(walk_errors);
    let _ = errors.write_all(self::errors(walk_errors).as_bytes());
    crate::check_files_streamed(
        rules,
        profile,
        files,
        |results| {
            let mut text = String::new();
            for (i, r) in results.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                label(&mut text, r, layout);
            }
            (text, Tally::of(&results))
        },
        |(text, chunk), load_errors| {
            let _ = errors.write_all(self::errors(load_errors).as_bytes());
            tally.add_errors(load_errors);
            if !text.is_empty() {
                if tally.labels > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(text.as_bytes())?;
            }
            tally.merge(&chunk);
            Ok::<(), std::io::Error>(())
        },
    )?;
    let _ = errors.flush();
    if tally.labels > 0 {
        out.write_all(b"\n")?;
    }
    out.write_all(summary(&tally, layout).as_bytes())?;
    out.flush()?;
    Ok(tally)
}

/// `text` wrapped to `width` when there is one: the first line after `first` columns already
/// written, the others indented by `indent` columns.
fn fill(text: &str, first: usize, indent: usize, width: Option<usize>) -> String {
    // Below this, wrapping would leave a word or two per line; long lines read better.
    const NARROWEST: usize = 20;
    match width {
        Some(width) if width >= indent + NARROWEST && width >= first + NARROWEST => {
            let pad = " ".repeat(indent);
            let first_pad = " ".repeat(first);
            let options = textwrap::Options::new(width)
                .initial_indent(&first_pad)
                .subsequent_indent(&pad)
                .break_words(false);
            let lines = textwrap::wrap(text, options);
            let mut out = String::with_capacity(text.len() + 16);
            for (i, line) in lines.iter().enumerate() {
                if i == 0 {
                    out.push_str(line.get(first..).unwrap_or(line));
                } else {
                    out.push('\n');
                    out.push_str(line);
                }
            }
            out
        }
        _ => text.to_string(),
    }
}

fn label(out: &mut String, r: &CheckedLabel<'_>, layout: Layout) {
    let mut about = Vec::new();
    if let Some(b) = &r.label.brand {
        about.push(visible(b).into_owned());
    }
    if let Some(f) = r.label.form {
        about.push(f.as_str().to_string());
    }
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" ({})", about.join(", "))
    };
    let file = visible(&r.file);
    let heading = fill(
        &format!("{}{about}", visible(&r.label.name)),
        file.chars().count() + 2,
        4,
        layout.width,
    );
    let _ = writeln!(out, "{BOLD}{file}{BOLD:#}  {heading}");
    // A product not taken once a day says how it is taken first: "1 capsule per week
    // (50,000 IU; 7,143 IU/day on average)", so a bolus is not hidden by its average.
    let per = if r.intake.servings_per_day == 1.0 {
        "per day".to_string()
    } else {
        let dose = fill(&visible(&r.intake.dose_text()), 2, 4, layout.width);
        for (i, line) in dose.lines().enumerate() {
            let indent = if i == 0 { "  " } else { "" };
            let _ = writeln!(out, "{indent}{line}");
        }
        if r.intake.schedule().is_daily() {
            "per day".to_string()
        } else {
            "per day on average".to_string()
        }
    };
    let intake = fill(
        &format!("{per}: {}", visible(&super::summarise_intake(&r.intake))),
        2,
        4,
        layout.width,
    );
    for (i, line) in intake.lines().enumerate() {
        let indent = if i == 0 { "  " } else { "" };
        let _ = writeln!(out, "{indent}{DIM}{line}{DIM:#}");
    }
    for note in &r.notes {
        let note = fill(&format!("note: {}", visible(note)), 2, 4, layout.width);
        for (i, line) in note.lines().enumerate() {
            let indent = if i == 0 { "  " } else { "" };
            let _ = writeln!(out, "{indent}{line}");
        }
    }
    if r.findings.is_empty() {
        let _ = writeln!(out, "  no findings");
    }
    let id_width = r
        .findings
        .iter()
        .map(|f| visible(&f.rule.id).chars().count())
        .max()
        .unwrap_or(0);
    // Continuation lines of a long message start under its first word.
    let indent = 2 + 7 + 2 + id_width + 2;
    for f in &r.findings {
        let style = severity_style(f.severity());
        let message = fill(&visible(&f.message), indent, indent, layout.width);
        let _ = writeln!(
            out,
            "  {style}{:<7}{style:#}  {:<id_width$}  {message}",
            f.severity().as_str(),
            visible(&f.rule.id),
        );
        if let Some(trail) = audit_trail(f) {
            let trail = fill(&visible(&trail), indent, indent, layout.width);
            let _ = writeln!(out, "{:indent$}{DIM}{trail}{DIM:#}", "");
        }
    }
    for n in &r.not_checked {
        let line = fill(
            &format!("not checked: {}", visible(&n.reason)),
            indent,
            indent,
            layout.width,
        );
        let _ = writeln!(
            out,
            "  {DIM}{:<7}  {:<id_width$}  {line}{DIM:#}",
            "-",
            visible(&n.rule.id),
        );
    }
}

/// The audit trail of a regional finding: what was printed, what labelcheck recomputed, and
/// the paragraph the rule applies. `None` for the health rules.
pub fn audit_trail(f: &crate::Finding<'_>) -> Option<String> {
    let rule = f.rule;
    if rule.region.is_none() && rule.also_regions.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if let Some(a) = &f.audit {
        parts.push(format!("printed: {}", a.printed));
        parts.push(format!("recomputed: {}", a.recomputed));
    }
    if let Some(reg) = &rule.regulation {
        parts.push(format!("rule: {reg}"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(tally: &Tally, layout: Layout) -> String {
    let mut counts = Vec::new();
    for s in Severity::ALL.iter().rev() {
        let n = tally.count(*s);
        if n > 0 {
            // "info" has no plural.
            let word = if *s == Severity::Info || n == 1 {
                s.as_str().to_string()
            } else {
                format!("{}s", s.as_str())
            };
            counts.push(format!("{n} {word}"));
        }
    }
    let findings = if counts.is_empty() {
        "no findings".to_string()
    } else {
        counts.join(", ")
    };
    let mut line = format!(
        "Checked {}: {findings}",
        plural(tally.labels, "label", "labels")
    );
    if tally.failed_files > 0 {
        let _ = write!(
            line,
            "; {} with errors",
            plural(tally.failed_files, "file", "files")
        );
    }
    line.push('.');
    let mut out = fill(&line, 0, 0, layout.width);
    out.push('\n');
    if tally.worst().is_some() {
        out.push_str(&fill(
            "Run `labelcheck explain RULE` for a rule's rationale and sources. labelcheck informs; it does not prescribe.",
            0,
            0,
            layout.width,
        ));
        out.push('\n');
    }
    out
}

/// Errors as "error: file:line:col: message" with the offending line and a caret.
pub fn errors(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&error(d, "error", ERROR));
    }
    out
}

/// Warnings (unknown keys in a rules file) in the same shape.
pub fn warnings(diagnostics: &[Diagnostic]) -> String {
    let style = AnsiColor::Yellow.on_default().bold();
    diagnostics
        .iter()
        .map(|d| error(d, "warning", style))
        .collect()
}

fn error(d: &Diagnostic, word: &str, style: Style) -> String {
    let mut out = format!("{style}{word}{style:#}: {d}\n");
    if let Some(excerpt) = &d.excerpt {
        let gutter = d.line.to_string();
        let pad = " ".repeat(gutter.len());
        let (line, caret) = excerpt_line(excerpt);
        let caret_pad = " ".repeat(caret);
        let _ = writeln!(out, "{DIM}{gutter} |{DIM:#} {line}");
        let _ = writeln!(out, "{DIM}{pad} |{DIM:#} {caret_pad}{style}^{style:#}");
    }
    out
}

/// An excerpt as printed under an error, escaped, with "…" where the line goes on, and the
/// column of the caret in it.
fn excerpt_line(excerpt: &Excerpt) -> (String, usize) {
    let mut line = String::new();
    let mut width = 0;
    if excerpt.cut_before {
        line.push_str("… ");
        width += 2;
    }
    let mut caret = None;
    for (i, c) in excerpt.text.chars().enumerate() {
        if i == excerpt.caret {
            caret = Some(width);
        }
        // A tab would put the caret out of line.
        let c = if c == '\t' { ' ' } else { c };
        let before = line.len();
        escape::push_visible(&mut line, c);
        width += line[before..].chars().count();
    }
    let caret = caret.unwrap_or(width + excerpt.caret.saturating_sub(excerpt.text.chars().count()));
    if excerpt.cut_after {
        line.push_str(" …");
    }
    (line, caret)
}

/// `labelcheck rules`: every rule with its severity, state and trigger.
pub fn rules(loaded: &LoadedRules) -> String {
    let set = &loaded.rules;
    let mut out = format!(
        "{} rules from {}\n\n",
        set.rules.len(),
        visible(&loaded.origin.summary())
    );
    let id_width = set
        .rules
        .iter()
        .map(|r| visible(&r.id).chars().count())
        .max()
        .unwrap_or(0);
    for r in &set.rules {
        let style = severity_style(r.severity);
        let state = match (r.enabled, crate::rules::diff::is_edited(r)) {
            (true, false) => "",
            (false, false) => "  (disabled)",
            (true, true) => "  (edited)",
            (false, true) => "  (disabled, edited)",
        };
        let _ = writeln!(
            out,
            "{BOLD}{:<id_width$}{BOLD:#}  {style}{:<7}{style:#}  {}{state}",
            visible(&r.id),
            r.severity.as_str(),
            visible(&r.title)
        );
        let _ = writeln!(
            out,
            "{:id_width$}  {:7}  fires when {}",
            "",
            "",
            visible(&r.trigger())
        );
        let region = match (r.region, r.also_regions.is_empty()) {
            (Some(g), _) => format!(", region {g}"),
            (None, false) => {
                let codes: Vec<&str> = r.also_regions.iter().map(|g| g.as_str()).collect();
                format!(", every label and region {}", codes.join(", "))
            }
            (None, true) => String::new(),
        };
        let _ = writeln!(
            out,
            "{:id_width$}  {:7}  {DIM}kind {}, evidence: {}{region}{DIM:#}",
            "",
            "",
            r.kind.name(),
            r.evidence
        );
        if let Some(reg) = &r.regulation {
            let _ = writeln!(
                out,
                "{:id_width$}  {:7}  {DIM}{}{DIM:#}",
                "",
                "",
                visible(reg)
            );
        }
    }
    out.push_str("\nRun `labelcheck explain RULE` for the rationale and full sources.\n");
    out
}

/// The line of `check`'s text report that says who the labels were checked for.
pub fn profile_used(profile: &Profile, layout: Layout) -> String {
    let mut out = fill(
        &format!("Checked for: {}.", visible(&profile.summary())),
        0,
        0,
        layout.width,
    );
    out.push('\n');
    out
}

/// The last line of `check`'s text report: which rules were used.
pub fn rules_used(origin: &RulesOrigin, layout: Layout) -> String {
    let mut out = fill(
        &format!("Rules used: {}.", visible(&origin.summary())),
        0,
        0,
        layout.width,
    );
    out.push('\n');
    out
}

/// `labelcheck rules --diff`: how the rules differ from the built-in ones, per rule id.
pub fn rules_diff(loaded: &LoadedRules) -> String {
    let diffs = crate::rules::diff::diff(&loaded.rules);
    let mut out = format!(
        "Rules from {} compared with the built-in rules: ",
        visible(&loaded.origin.summary())
    );
    if diffs.is_empty() {
        out.push_str("no differences.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{} rule{} differ{}.\n",
        diffs.len(),
        if diffs.len() == 1 { "" } else { "s" },
        if diffs.len() == 1 { "s" } else { "" }
    );
    for line in crate::rules::diff::describe(&diffs) {
        let _ = writeln!(out, "{}", visible(&line));
    }
    out
}

/// `labelcheck rules --kinds`: every rule kind with what it fires on, why, its parameters and
/// an example, from the kinds' own documentation.
pub fn kinds() -> String {
    let mut out = format!(
        "{} rule kinds. A rule in rules.toml is one of these with its own thresholds, \
         rationale and sources.\n",
        RuleKind::DOCS.len()
    );
    for doc in RuleKind::DOCS {
        let _ = writeln!(out, "\n{BOLD}{}{BOLD:#}", doc.name);
        for line in wrap(&format!("Fires when {}", doc.fires_on), 78) {
            let _ = writeln!(out, "  {line}");
        }
        for line in wrap(&format!("Why: {}", doc.why), 78) {
            let _ = writeln!(out, "  {DIM}{line}{DIM:#}");
        }
        if doc.parameters.is_empty() {
            let _ = writeln!(out, "  Parameters: none.");
        } else {
            let _ = writeln!(out, "  Parameters:");
        }
        for p in doc.parameters {
            let mut lines = wrap(&format!("{}: {}", p.key, p.meaning), 74).into_iter();
            if let Some(first) = lines.next() {
                let _ = writeln!(out, "    {first}");
            }
            for line in lines {
                let _ = writeln!(out, "      {line}");
            }
        }
        let _ = writeln!(out, "  Example:");
        for line in doc.example.trim().lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

/// `labelcheck explain RULE`.
/// A rule explained: trigger, evidence, rationale and sources; with a person, also what the
/// rule means for them (the limit for their age, whether their profile makes it speak) and the
/// profile rules that would speak for them about the same nutrients.
pub fn explain(set: &RuleSet, id: &str, person: Option<&Profile>) -> Option<String> {
    let r = set.rule(id)?;
    let style = severity_style(r.severity);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{BOLD}{}{BOLD:#} — {}",
        visible(&r.id),
        visible(&r.title)
    );
    let _ = writeln!(
        out,
        "severity:   {style}{}{style:#}{}",
        r.severity,
        if r.enabled { "" } else { " (disabled)" }
    );
    let _ = writeln!(out, "kind:       {}", r.kind.name());
    if let Some(region) = r.region {
        let _ = writeln!(
            out,
            "region:     {region} — {} (checked with --region {region})",
            region.describe()
        );
    }
    if !r.also_regions.is_empty() {
        let codes: Vec<&str> = r.also_regions.iter().map(|g| g.as_str()).collect();
        let _ = writeln!(
            out,
            "region:     every label; also a labelling rule of {}",
            codes.join(", ")
        );
    }
    if let Some(reg) = &r.regulation {
        let _ = writeln!(out, "regulation: {}", visible(reg));
    }
    let _ = writeln!(out, "fires when: {}", visible(&r.trigger()));
    let _ = writeln!(
        out,
        "evidence:   {} — {}",
        r.evidence,
        r.evidence.describe()
    );
    let _ = writeln!(out, "\n{BOLD}Why{BOLD:#}");
    for line in wrap(&crate::rules::diff::rationale_shown(r), 78) {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "\n{BOLD}Sources{BOLD:#}");
    for key in &r.sources {
        let _ = writeln!(out, "  [{}]", visible(key));
        if let Some(s) = set.source(key) {
            for line in wrap(&s.citation, 76) {
                let _ = writeln!(out, "    {line}");
            }
            if let Some(url) = &s.url {
                let _ = writeln!(out, "    {}", visible(url));
            }
        }
    }
    if let Some(p) = person {
        out.push_str(&for_person(set, r, p));
    }
    let _ = writeln!(
        out,
        "\nlabelcheck informs; it does not prescribe. Ask a pharmacist or doctor about your own case."
    );
    Some(out)
}

/// The "For this person" part of `explain`.
fn for_person(set: &RuleSet, r: &crate::rules::Rule, p: &Profile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n{BOLD}For this person{BOLD:#}");
    for line in wrap(&p.summary(), 76) {
        let _ = writeln!(out, "  {line}");
    }
    let said = match r.kind.for_person(p) {
        Some(f) => f.sentence,
        None => "the same for every person: this rule does not depend on age or profile".into(),
    };
    for line in wrap(&said, 76) {
        let _ = writeln!(out, "  {line}");
    }
    let measured = r.kind.measures();
    let related: Vec<String> = set
        .rules
        .iter()
        .filter(|o| o.id != r.id && o.enabled && matches!(o.kind, RuleKind::ProfileConflict(_)))
        .filter(|o| {
            o.kind
                .measures()
                .iter()
                .any(|q| measured.iter().any(|m| m.overlaps(*q)))
        })
        .filter_map(|o| {
            let f = o.kind.for_person(p)?;
            f.applies.then(|| format!("{} — {}", o.id, o.title))
        })
        .collect();
    if !related.is_empty() {
        let _ = writeln!(out, "  Also for this person, about the same nutrients:");
        for line in related {
            for (i, l) in wrap(&line, 74).into_iter().enumerate() {
                let _ = writeln!(out, "{}{l}", if i == 0 { "  - " } else { "    " });
            }
        }
    }
    out
}

/// Greedy word wrap. Text from input is safe to print afterwards: every character a terminal
/// would act on is escaped (see [`crate::escape`]); newlines start paragraphs.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let word = visible(word);
            let word = word.as_ref();
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::BUILTIN_EXAMPLES;

    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    fn check_dir(dir: &std::path::Path, layout: Layout) -> (String, String, Tally) {
        let (files, walk_errors) = crate::collect_label_paths(&[dir.to_path_buf()]);
        let rules = crate::builtin_rules();
        let (mut out, mut errors) = (Vec::new(), Vec::new());
        let tally = write_check(
            &mut out,
            &mut errors,
            &rules.rules,
            &Profile::default(),
            &files,
            &walk_errors,
            layout,
        )
        .expect("writes to memory");
        let text = |b: Vec<u8>| plain(&String::from_utf8(b).expect("utf-8"));
        (text(out), text(errors), tally)
    }

    #[test]
    fn on_a_terminal_long_lines_wrap_under_their_first_word() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, text) in BUILTIN_EXAMPLES {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let (wide, _, _) = check_dir(dir.path(), Layout { width: None });
        assert!(wide.lines().any(|l| l.chars().count() > 100));
        let (narrow, _, tally) = check_dir(dir.path(), Layout { width: Some(72) });
        assert_eq!(tally.labels, BUILTIN_EXAMPLES.len());
        for line in narrow.lines() {
            // A path or a word longer than the width is not broken.
            if !line.contains(".toml") {
                assert!(line.chars().count() <= 72, "{line:?}");
            }
        }
        let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words(&narrow), words(&wide), "only line breaks differ");
        // The continuation of a finding's message starts under the message.
        let finding = narrow
            .lines()
            .position(|l| l.starts_with("  caution  d-above-caution"))
            .expect("a caution");
        let next = narrow.lines().nth(finding + 1).expect("wrapped");
        let column = narrow
            .lines()
            .nth(finding)
            .expect("line")
            .find("20,000")
            .expect("message");
        assert_eq!(next.len() - next.trim_start().len(), column, "{next:?}");
    }

    #[test]
    fn the_report_is_written_while_the_labels_are_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_, text) = BUILTIN_EXAMPLES[0];
        let count = 64 * 60;
        for i in 0..count {
            std::fs::write(dir.path().join(format!("{i:05}.toml")), text).expect("write");
        }
        let last = dir.path().join(format!("{:05}.toml", count - 1));
        /// Removes the last label as soon as the first text arrives: a report held until every
        /// label is checked would still show it.
        struct RemoveOnFirstWrite(std::path::PathBuf, Vec<u8>);
        impl std::io::Write for RemoveOnFirstWrite {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.1.is_empty() {
                    std::fs::remove_file(&self.0)?;
                }
                self.1.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let (files, _) = crate::collect_label_paths(&[dir.path().to_path_buf()]);
        let rules = crate::builtin_rules();
        let mut out = RemoveOnFirstWrite(last, Vec::new());
        let mut errors = Vec::new();
        let tally = write_check(
            &mut out,
            &mut errors,
            &rules.rules,
            &Profile::default(),
            &files,
            &[],
            Layout::default(),
        )
        .expect("writes");
        assert_eq!(tally.labels, count - 1);
        let errors = String::from_utf8(errors).expect("utf-8");
        assert!(errors.contains("03839.toml:1:1: cannot read"), "{errors}");
        let report = plain(&String::from_utf8(out.1).expect("utf-8"));
        assert!(report.contains(&format!("\nChecked {} labels: ", count - 1)));
    }
}
