//! The `labelcheck` command: argument parsing and dispatch. All domain logic is in the library.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use labelcheck::escape::visible;
use labelcheck::fsio::StdinError;
use labelcheck::report::{import, json, text};
use labelcheck::{Anticoagulant, Diagnostics, LoadedRules, Profile, Severity};

/// Exit codes, as in a linter.
const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "labelcheck",
    version,
    about = "Check vitamin D3 + K2 supplement labels: what deserves attention, how strong the evidence is, and the sources.",
    long_about = "Check vitamin D3 + K2 supplement labels.\n\n\
        labelcheck flags what on a label deserves attention (a vitamin D dose above the caution \
        level, K2 as MK-4, no oil carrier, vitamin K with warfarin, disease claims…), with the \
        threshold crossed, how strong the evidence is and the sources. Thresholds live in \
        rules.toml, which you can edit.\n\n\
        labelcheck informs; it does not prescribe. It is not medical advice.",
    after_help = "Examples:\n  \
        labelcheck check examples/\n  \
        labelcheck check --age 70 --anticoagulant vka my-label.toml\n  \
        labelcheck check --format json examples/ > results.json\n  \
        labelcheck rules\n  \
        labelcheck explain d-above-caution\n  \
        labelcheck import panel.txt > my-label.toml"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    app: AppArgs,
}

/// Options of the terminal app (`labelcheck` with no command). A build without the app still
/// accepts them, so that it can say the app is missing rather than reject the arguments.
#[derive(Args)]
#[cfg_attr(not(feature = "tui"), allow(dead_code))]
struct AppArgs {
    #[command(flatten)]
    rules: RulesSource,
    // The app edits the profile too; it starts from these values.
    #[command(flatten)]
    profile: ProfileArgs,
    /// Also offer the labels in this folder in the example browser.
    #[arg(long, value_name = "DIR")]
    examples: Option<PathBuf>,
    /// A label file to open in the app.
    #[arg(value_name = "LABEL.toml")]
    label: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Check label files (or folders of them) and report findings.
    #[command(
        after_help = "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; \
        2 a usage, input or rules error (the other files are still checked and reported)."
    )]
    Check(CheckArgs),
    /// List every rule with its severity, parameters and what triggers it.
    Rules(RulesArgs),
    /// Explain one rule: what triggers it, why, how strong the evidence is, and its sources.
    Explain(ExplainArgs),
    /// Read label text (a pasted Supplement Facts panel) and print it as a label file.
    #[command(after_help = "Examples:\n  \
        labelcheck import panel.txt > my-label.toml\n  \
        pbpaste | labelcheck import - --name \"My D3\" > my-label.toml\n  \
        labelcheck import --format json panel.txt\n\n\
        Each ingredient in the output shows the line it was read from, and the lines that could \
        not be used are listed, so you can check the result against the label. \
        `labelcheck check` also reads .txt label text directly.")]
    Import(ImportArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportFormat {
    Toml,
    Json,
}

#[derive(Args)]
struct ImportArgs {
    /// Output format: a label file (toml) or JSON with the intake and the lines not used.
    #[arg(long, value_enum, default_value = "toml")]
    format: ImportFormat,
    /// The label's name (default: the file name; "Imported label" for standard input).
    #[arg(long)]
    name: Option<String>,
    /// A text file with the label text, or - for standard input.
    #[arg(value_name = "FILE|-")]
    input: String,
}

#[derive(Args)]
struct RulesSource {
    /// Use this rules file instead of the built-in rules.toml.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
}

#[derive(Args)]
struct ProfileArgs {
    /// Age of the person in years (fractions for infants: 0.5 = six months). Default: adult.
    #[arg(long, value_name = "YEARS", value_parser = parse_age)]
    age: Option<f64>,
    /// Anticoagulant the person takes: vka (warfarin, acenocoumarol, phenprocoumon), doac, or none.
    #[arg(long, value_name = "KIND", default_value = "none", value_parser = parse_anticoagulant)]
    anticoagulant: Anticoagulant,
}

impl ProfileArgs {
    fn profile(&self) -> Profile {
        Profile {
            age_years: self.age,
            anticoagulant: self.anticoagulant,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Info,
    Notice,
    Caution,
    Warning,
    /// Never exit 1 because of findings.
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Info => Some(Severity::Info),
            FailOn::Notice => Some(Severity::Notice),
            FailOn::Caution => Some(Severity::Caution),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Never => None,
        }
    }
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    rules: RulesSource,
    #[command(flatten)]
    profile: ProfileArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Exit with 1 when any finding is at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value = "caution")]
    fail_on: FailOn,
    /// Leave out files and folders matching this glob when searching folders, as a line of
    /// a .gitignore would (`drafts/`, `*-old.toml`). Repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Label files (*.toml), label text (*.txt) or folders holding them (searched
    /// recursively, skipping hidden entries, what .gitignore lists and links to folders).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Args)]
struct RulesArgs {
    #[command(flatten)]
    rules: RulesSource,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// List the rule kinds instead: what each fires on, its parameters and an example.
    #[arg(long)]
    kinds: bool,
}

#[derive(Args)]
struct ExplainArgs {
    #[command(flatten)]
    rules: RulesSource,
    /// The rule id, e.g. d-above-caution (see `labelcheck rules`).
    rule: String,
}

fn parse_age(s: &str) -> Result<f64, String> {
    let age: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("\"{s}\" is not a number of years"))?;
    labelcheck::profile::validate_age(age).map_err(|e| e.to_string())
}

fn parse_anticoagulant(s: &str) -> Result<Anticoagulant, String> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Check(args)) => run_check(&args),
        Some(Command::Rules(args)) => run_rules(&args),
        Some(Command::Explain(args)) => run_explain(&args),
        Some(Command::Import(args)) => run_import(&args),
        None => run_app(&cli.app),
    };
    ExitCode::from(code)
}

/// Prints to stdout, ignoring a closed pipe (`labelcheck rules | head`).
fn out(s: &str) {
    let mut stdout = anstream::stdout();
    let _ = stdout.write_all(s.as_bytes());
    let _ = stdout.flush();
}

fn err(s: &str) {
    let mut stderr = anstream::stderr();
    let _ = stderr.write_all(s.as_bytes());
}

/// Loads the rules, printing their warnings; errors are returned for the caller to report.
fn load_rules(src: &RulesSource) -> Result<LoadedRules, Diagnostics> {
    let loaded = labelcheck::load_rules(src.rules.as_deref())?;
    err(&text::warnings(&loaded.warnings));
    Ok(loaded)
}

fn report_rules_errors(diags: &Diagnostics) -> u8 {
    err(&text::errors(&diags.0));
    err("labelcheck: the rules file has errors; nothing was checked.\n");
    EXIT_ERROR
}

fn run_check(args: &CheckArgs) -> u8 {
    let loaded = match load_rules(&args.rules) {
        Ok(loaded) => loaded,
        Err(diags) => {
            if let Format::Json = args.format {
                out(&format!("{:#}\n", json::check_without_rules(&diags.0)));
            }
            return report_rules_errors(&diags);
        }
    };
    let walk = match labelcheck::LabelWalk::new(&args.exclude) {
        Ok(walk) => walk,
        Err(e) => {
            err(&format!("error: {e}\n"));
            return EXIT_ERROR;
        }
    };
    let profile = args.profile.profile();
    let (files, walk_errors) = walk.collect(&args.paths);
    let (errors, worst) = match args.format {
        Format::Text => {
            let mut batch = labelcheck::check_files(&loaded.rules, &profile, &files);
            let mut all_errors = walk_errors;
            all_errors.append(&mut batch.errors);
            batch.errors = all_errors;
            err(&text::errors(&batch.errors));
            out(&text::batch(&batch));
            let summary = (batch.errors.len(), batch.worst());
            // The process ends now: handing thousands of labels back to the allocator one by
            // one would only delay the exit.
            std::mem::forget(batch);
            summary
        }
        Format::Json => {
            // JSON has no colours: write it straight out, buffered, without the ANSI filter,
            // as the labels are checked.
            let stdout = std::io::stdout();
            let mut writer = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            match json::write_check(&mut writer, &loaded.rules, &profile, &files, walk_errors) {
                Ok(summary) => (summary.errors, summary.worst),
                // The reader has gone (`| head`, say): nobody is left to tell.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return EXIT_ERROR,
                Err(e) => {
                    err(&format!("labelcheck: cannot write the JSON output: {e}\n"));
                    return EXIT_ERROR;
                }
            }
        }
    };
    if errors > 0 {
        EXIT_ERROR
    } else if args
        .fail_on
        .threshold()
        .is_some_and(|t| worst.is_some_and(|w| w >= t))
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn run_rules(args: &RulesArgs) -> u8 {
    if args.kinds {
        match args.format {
            Format::Text => out(&text::kinds()),
            Format::Json => out(&format!("{:#}\n", json::kinds())),
        }
        return EXIT_CLEAN;
    }
    let loaded = match load_rules(&args.rules) {
        Ok(loaded) => loaded,
        Err(diags) => return report_rules_errors(&diags),
    };
    match args.format {
        Format::Text => out(&text::rules(&loaded)),
        Format::Json => out(&format!("{:#}\n", json::rules(&loaded))),
    }
    EXIT_CLEAN
}

fn run_explain(args: &ExplainArgs) -> u8 {
    let loaded = match load_rules(&args.rules) {
        Ok(loaded) => loaded,
        Err(diags) => return report_rules_errors(&diags),
    };
    match text::explain(&loaded.rules, &args.rule) {
        Some(s) => {
            out(&s);
            EXIT_CLEAN
        }
        None => {
            let ids: Vec<&str> = loaded.rules.rules.iter().map(|r| r.id.as_str()).collect();
            err(&format!(
                "error: no rule with id `{}` in {}.\nKnown rules: {}\n",
                visible(&args.rule),
                visible(&loaded.origin.describe()),
                visible(&ids.join(", "))
            ));
            EXIT_ERROR
        }
    }
}

fn run_import(args: &ImportArgs) -> u8 {
    let max_bytes = labelcheck::import::MAX_IMPORT_BYTES as u64;
    let (source, text, default_name) = if args.input == "-" {
        match labelcheck::fsio::read_stdin_text_limited(max_bytes) {
            Ok(text) => (
                labelcheck::fsio::STDIN_NAME.to_string(),
                text,
                "Imported label".to_string(),
            ),
            Err(StdinError::NotText(d)) => {
                err(&text::errors(&[d]));
                return EXIT_ERROR;
            }
            Err(e) => {
                err(&format!("error: {e}\n"));
                return EXIT_ERROR;
            }
        }
    } else {
        let path = PathBuf::from(&args.input);
        match labelcheck::fsio::read_text_file_limited(&path, max_bytes) {
            Ok(text) => (args.input.clone(), text, labelcheck::label_name_for(&path)),
            Err(d) => {
                err(&text::errors(&[d]));
                return EXIT_ERROR;
            }
        }
    };
    let name = args.name.clone().unwrap_or(default_name);
    let imported = match labelcheck::import_text_checked(&source, &text, &name) {
        Ok(imported) => imported,
        Err(failure) => {
            err(&text::errors(&failure.diagnostics.0));
            let unparsed = &failure.unparsed;
            if !unparsed.is_empty() {
                err("Lines not used:\n");
                for u in unparsed.iter().take(20) {
                    err(&format!("  {}: {}\n", u.line, visible(&u.text)));
                }
                if unparsed.len() > 20 {
                    err(&format!("  … and {} more\n", unparsed.len() - 20));
                }
            }
            return EXIT_ERROR;
        }
    };
    match args.format {
        ImportFormat::Toml => out(&import::to_toml(&imported, &source, &text)),
        ImportFormat::Json => out(&format!("{:#}\n", import::to_json(&imported))),
    }
    let lines: Vec<String> = imported
        .label
        .ingredients
        .iter()
        .filter_map(|i| i.line.map(|l| l.to_string()))
        .collect();
    err(&format!(
        "Read {} ingredient(s) from {} (line {}); {} line(s) not used{}.\n",
        imported.label.ingredients.len(),
        visible(&source),
        lines.join(", "),
        imported.unparsed.len(),
        if imported.unparsed.is_empty() {
            ""
        } else {
            match args.format {
                ImportFormat::Toml => " (listed at the end)",
                ImportFormat::Json => " (see unparsed_lines)",
            }
        }
    ));
    EXIT_CLEAN
}

/// Debug builds only: a key that makes the app panic, for the terminal-restore test.
#[cfg(feature = "tui")]
fn test_panic_key() -> Option<char> {
    if cfg!(debug_assertions) {
        std::env::var("LABELCHECK_TEST_PANIC_KEY")
            .ok()
            .and_then(|v| v.chars().next())
    } else {
        None
    }
}

/// Opens the terminal app.
#[cfg(feature = "tui")]
fn run_app(args: &AppArgs) -> u8 {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        err(
            "labelcheck: the app needs a terminal. For scripts use `labelcheck check FILE…` (see --help).\n",
        );
        return EXIT_ERROR;
    }
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(diags) => {
            err(&text::errors(&diags.0));
            err(
                "labelcheck: the rules file has errors; fix them (or leave out --rules) and start again.\n",
            );
            return EXIT_ERROR;
        }
    };
    let mut messages = Vec::new();
    let label = match &args.label {
        None => None,
        Some(path) => match labelcheck::load_label_file(path) {
            Ok(label) => Some((path.clone(), label)),
            Err(diags) => {
                // Open the app anyway, with an empty form, and say why the file is not in it.
                messages.push(format!(
                    "Could not open the label: {}",
                    diags.0.first().map(ToString::to_string).unwrap_or_default()
                ));
                None
            }
        },
    };
    let extra_examples = match &args.examples {
        None => Vec::new(),
        Some(dir) => {
            let folder = labelcheck::examples::load_folder(dir);
            if folder.unreadable > 0 {
                messages.push(format!(
                    "{} file(s) in {} could not be read as labels; run `labelcheck check {}` to see why.",
                    folder.unreadable,
                    visible(&dir.display().to_string()),
                    visible(&dir.display().to_string())
                ));
            }
            folder.examples
        }
    };
    let options = labelcheck::tui::Options {
        rules_save_path: args
            .rules
            .rules
            .clone()
            .unwrap_or_else(|| PathBuf::from("rules.toml")),
        rules,
        label,
        profile: args.profile.profile(),
        extra_examples,
        startup_message: (!messages.is_empty()).then(|| messages.join(" ")),
        panic_key: test_panic_key(),
    };
    match labelcheck::tui::run(options, labelcheck::tui::theme::Theme::from_env()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            err(&format!("labelcheck: terminal error: {e}\n"));
            EXIT_ERROR
        }
    }
}

/// This build has no terminal app.
#[cfg(not(feature = "tui"))]
fn run_app(_args: &AppArgs) -> u8 {
    err(
        "labelcheck: this build has no terminal app (it was built without the `tui` feature). Use `labelcheck check FILE…` (see --help).\n",
    );
    EXIT_ERROR
}
