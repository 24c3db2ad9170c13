//! Text for people. Output is styled with ANSI codes; the CLI prints it through `anstream`,
//! which strips them when the output is not a terminal or `NO_COLOR` is set. Severity is
//! always written as a word, so nothing depends on colour.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::diagnostic::{Diagnostic, Excerpt};
use crate::escape::{self, visible};
use crate::format::number;
use crate::rules::{RuleKind, RuleSet, Severity};
use crate::{Batch, CheckedLabel, LoadedRules};

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

/// `check` output for the labels that loaded (errors go to [`errors`]).
pub fn batch(batch: &Batch<'_>) -> String {
    let mut out = String::new();
    for (i, r) in batch.results.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        label(&mut out, r);
    }
    if !batch.results.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(batch));
    out
}

fn label(out: &mut String, r: &CheckedLabel<'_>) {
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
    let _ = writeln!(
        out,
        "{BOLD}{}{BOLD:#}  {}{about}",
        visible(&r.file),
        visible(&r.label.name)
    );
    let per = if r.intake.servings_per_day == 1.0 {
        "per day".to_string()
    } else {
        format!("per day ({} servings)", number(r.intake.servings_per_day))
    };
    let _ = writeln!(
        out,
        "  {DIM}{per}: {}{DIM:#}",
        visible(&super::summarise_intake(&r.intake))
    );
    if r.findings.is_empty() {
        let _ = writeln!(out, "  no findings");
    }
    let id_width = r
        .findings
        .iter()
        .map(|f| visible(&f.rule.id).chars().count())
        .max()
        .unwrap_or(0);
    for f in &r.findings {
        let style = severity_style(f.severity());
        let _ = writeln!(
            out,
            "  {style}{:<7}{style:#}  {:<id_width$}  {}",
            f.severity().as_str(),
            visible(&f.rule.id),
            visible(&f.message)
        );
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(batch: &Batch<'_>) -> String {
    let mut counts = Vec::new();
    for s in Severity::ALL.iter().rev() {
        let n = batch
            .results
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.severity() == *s)
            .count();
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
        plural(batch.results.len(), "label", "labels")
    );
    let mut bad_files: Vec<&str> = batch.errors.iter().map(|d| d.file.as_str()).collect();
    bad_files.dedup();
    if !bad_files.is_empty() {
        let _ = write!(
            line,
            "; {} with errors",
            plural(bad_files.len(), "file", "files")
        );
    }
    line.push_str(".\n");
    if batch.results.iter().any(|r| !r.findings.is_empty()) {
        line.push_str("Run `labelcheck explain RULE` for a rule's rationale and sources. labelcheck informs; it does not prescribe.\n");
    }
    line
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
        visible(&loaded.origin.describe())
    );
    let id_width = set
        .rules
        .iter()
        .map(|r| visible(&r.id).chars().count())
        .max()
        .unwrap_or(0);
    for r in &set.rules {
        let style = severity_style(r.severity);
        let state = if r.enabled { "" } else { "  (disabled)" };
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
        let _ = writeln!(
            out,
            "{:id_width$}  {:7}  {DIM}kind {}, evidence: {}{DIM:#}",
            "",
            "",
            r.kind.name(),
            r.evidence
        );
    }
    out.push_str("\nRun `labelcheck explain RULE` for the rationale and full sources.\n");
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
pub fn explain(set: &RuleSet, id: &str) -> Option<String> {
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
    let _ = writeln!(out, "fires when: {}", visible(&r.trigger()));
    let _ = writeln!(
        out,
        "evidence:   {} — {}",
        r.evidence,
        r.evidence.describe()
    );
    let _ = writeln!(out, "\n{BOLD}Why{BOLD:#}");
    for line in wrap(&r.rationale, 78) {
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
    let _ = writeln!(
        out,
        "\nlabelcheck informs; it does not prescribe. Ask a pharmacist or doctor about your own case."
    );
    Some(out)
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
