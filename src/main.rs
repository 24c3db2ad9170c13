//! The `labelcheck` command: argument parsing and dispatch. All domain logic is in the library.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use labelcheck::escape::visible;
use labelcheck::fsio::StdinError;
use labelcheck::profile::{Condition, Medicine, Pregnancy};
use labelcheck::report::{import, json, regimen as regimen_report, text};
use labelcheck::rules::Region;
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
#[command(
    override_usage = "labelcheck [OPTIONS] [LABEL.toml|DIR]\n       labelcheck [--color WHEN] [--quiet] <COMMAND> [ARGS]"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    app: AppArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// How output is written, for every command.
#[derive(Args)]
struct OutputArgs {
    /// When to colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value = "auto",
        global = true
    )]
    color: ColorWhen,
    /// Print no report and no notes, only errors: the exit code tells the result. `import`
    /// still writes the label file.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    fn choice(self) -> anstream::ColorChoice {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
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
    // The app's person profile has the same setting; it starts from these.
    #[command(flatten)]
    region: RegionArgs,
    /// Also offer the labels in this folder in the example browser.
    #[arg(long, value_name = "DIR")]
    examples: Option<PathBuf>,
    /// A label file (or label text, .txt) to open in the app, or a folder of labels to offer
    /// in the example browser.
    // More than one value is taken only to answer a mistyped command (`labelcheck chek x`)
    // with a suggestion instead of "unexpected argument 'x'".
    #[arg(value_name = "LABEL.toml|DIR", num_args = 0..)]
    label: Vec<PathBuf>,
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
    /// Show products side by side: amounts per day, forms, carrier and findings.
    #[command(after_help = "Examples:\n  \
        labelcheck compare examples/d3-5000-k2-mk7-olive-softgel.toml examples/dry-d3-k2-tablet.toml\n  \
        labelcheck compare --format json a.toml b.txt c.toml\n\n\
        Exit codes: 0 the products were compared; 2 a usage, input or rules error (the other \
        products are still shown).")]
    Compare(CompareArgs),
    /// Write a report to hand over (HTML or Markdown) for a regimen file or a single label.
    #[command(after_help = "Examples:\n  \
        labelcheck report examples/regimens/regimen.toml -o report.html\n  \
        labelcheck report --audience professional --format markdown regimen.toml -o review.md\n\n\
        The HTML file is self-contained: no scripts, nothing fetched from the network; open it in \
        a browser and print it on A4 or Letter.\n\n\
        Exit codes: 0 the report was written; 2 a usage, input or rules error (products that \
        could not be read are listed in the report and on standard error).")]
    Report(ReportArgs),
    /// Check every label found and print aggregate figures: how many labels fire each rule,
    /// vitamin D per day, K2 forms, carriers, the labels with the most vitamin D.
    #[command(after_help = "Examples:\n  \
        labelcheck survey dsld-download/\n  \
        labelcheck survey --age 2 --top 20 labels.jsonl\n  \
        labelcheck survey --format csv dsld/ > survey.csv\n\n\
        Reads label files (*.toml), label text (*.txt) and DSLD label records (*.json: one \
        record or an array of them; *.jsonl: one record a line). Records that cannot be read \
        are listed on standard error with their JSON path; the others are counted. \
        Exit codes: 0 every label was read; 2 a usage, input or rules error.")]
    Survey(SurveyArgs),
    /// Print a shell completion script, e.g. `labelcheck completions bash > ~/.local/share/bash-completion/completions/labelcheck`.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `labelcheck manpage > labelcheck.1; man ./labelcheck.1`.
    Manpage,
}

/// The subcommands' names, for suggesting one when a word that is not a file was typed.
const COMMAND_NAMES: &[&str] = &[
    "check",
    "rules",
    "explain",
    "import",
    "compare",
    "report",
    "survey",
    "completions",
    "manpage",
    "help",
];

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
    /// For a DSLD file (.json, .jsonl) with several records: the DSLD id of the record to read.
    #[arg(long, value_name = "DSLD_ID")]
    id: Option<u64>,
    /// For a DSLD record: the age the serving column is chosen for (default: adults and
    /// children 4 years and over).
    #[arg(long, value_name = "YEARS", value_parser = parse_age, allow_hyphen_values = true)]
    age: Option<f64>,
    /// A text file with the label text, a DSLD label record (.json, .jsonl), or - for
    /// standard input.
    #[arg(value_name = "FILE|-")]
    input: String,
}

#[derive(Args)]
struct RulesSource {
    /// Use this rules file. Without it: the file LABELCHECK_RULES names, else the rules you
    /// saved in the app (rules.toml in your config folder, e.g. ~/.config/labelcheck), else the
    /// built-in rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
}

impl RulesSource {
    /// Which rules to use: `--rules`, then LABELCHECK_RULES, then the saved rules, then the
    /// built-in ones.
    fn origin(&self) -> labelcheck::RulesOrigin {
        let env = std::env::var_os(labelcheck::RULES_ENV).map(PathBuf::from);
        labelcheck::choose_rules(
            self.rules.as_deref(),
            env.as_deref(),
            config_folder().as_deref(),
        )
    }
}

/// The user's config folder for labelcheck, where saved rules are kept ($XDG_CONFIG_HOME/
/// labelcheck on Linux). Tests point it elsewhere with XDG_CONFIG_HOME or HOME.
fn config_folder() -> Option<PathBuf> {
    labelcheck::default_config_folder()
}

#[derive(Args)]
struct ProfileArgs {
    /// Start from the person profile NAME saved in profiles.toml in your config folder (e.g.
    /// ~/.config/labelcheck/profiles.toml); the options below override its fields.
    #[arg(long = "profile", value_name = "NAME")]
    profile_name: Option<String>,
    /// Age of the person in years (fractions for infants: 0.5 = six months). Default: adult.
    // Hyphen values are taken so that `--age -3` is answered by parse_age, not as an unknown
    // option `-3`.
    #[arg(long, value_name = "YEARS", value_parser = parse_age, allow_hyphen_values = true)]
    age: Option<f64>,
    /// Anticoagulant the person takes: vka (warfarin, acenocoumarol, phenprocoumon), doac
    /// (apixaban, rivaroxaban…), or none. Default: none.
    #[arg(long, value_name = "KIND", value_parser = parse_anticoagulant)]
    anticoagulant: Option<Anticoagulant>,
    /// Pregnancy: pregnant, breastfeeding or none. Default: none.
    #[arg(long, value_name = "STATUS", value_parser = parse_pregnancy)]
    pregnancy: Option<Pregnancy>,
    /// A condition the person has (repeat for several): ckd, hypercalcaemia,
    /// granulomatous-disease (sarcoidosis), primary-hyperparathyroidism, lymphoma,
    /// kidney-stones; `none` clears the profile's list.
    #[arg(long, value_name = "CONDITION", value_parser = parse_condition)]
    condition: Vec<Choice<Condition>>,
    /// A medicine the person takes (repeat for several): thiazide, digoxin, levothyroxine,
    /// bisphosphonate, tetracycline, quinolone; `none` clears the profile's list.
    #[arg(long, value_name = "MEDICINE", value_parser = parse_medicine)]
    medicine: Vec<Choice<Medicine>>,
}

/// A value of a repeatable profile option, or `none` (clear the list).
#[derive(Clone, Copy)]
struct Choice<T>(Option<T>);

impl ProfileArgs {
    /// Whether any person option was given (`explain` then says what the rule means for them).
    fn given(&self) -> bool {
        self.profile_name.is_some()
            || self.age.is_some()
            || self.anticoagulant.is_some()
            || self.pregnancy.is_some()
            || !self.condition.is_empty()
            || !self.medicine.is_empty()
    }

    /// [`ProfileArgs::profile`] for a command: an error is printed and becomes the exit code.
    fn person(&self) -> Result<Profile, u8> {
        self.profile().map_err(|d| {
            err(&text::errors(&[d]));
            EXIT_ERROR
        })
    }

    /// The person: the saved profile named by `--profile` (or nobody in particular), with the
    /// options given on the command line overriding its fields.
    fn profile(&self) -> Result<Profile, labelcheck::Diagnostic> {
        let mut profile = match &self.profile_name {
            Some(name) => labelcheck::profile::load_profile(config_folder().as_deref(), name)?,
            None => Profile::default(),
        };
        if let Some(age) = self.age {
            profile.age_years = Some(age);
        }
        if let Some(a) = self.anticoagulant {
            profile.anticoagulant = a;
        }
        if let Some(p) = self.pregnancy {
            profile.pregnancy = p;
        }
        if !self.condition.is_empty() {
            profile.conditions.clear();
            for c in self.condition.iter().filter_map(|c| c.0) {
                profile.add_condition(c);
            }
        }
        if !self.medicine.is_empty() {
            profile.medicines.clear();
            for m in self.medicine.iter().filter_map(|m| m.0) {
                profile.add_medicine(m);
            }
        }
        Ok(profile)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for CI and editors: each finding at the line and column of the label
    /// file's value.
    Sarif,
}

/// The markets whose labelling rules are checked besides the health rules. Shared by every
/// command that checks or lists rules.
#[derive(Args)]
struct RegionArgs {
    /// Also check a market's labelling rules: us, eu, uk, ca, au or de (repeatable:
    /// --region us --region eu). The health rules are checked either way.
    #[arg(long = "region", value_name = "REGION", value_parser = parse_region)]
    regions: Vec<Region>,
}

fn parse_region(s: &str) -> Result<Region, String> {
    s.parse::<Region>().map_err(|e| visible(&e).into_owned())
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
    #[command(flatten)]
    region: RegionArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormat,
    /// Exit with 1 when any finding is at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value = "caution")]
    fail_on: FailOn,
    /// Leave out files and folders matching this glob when searching folders, as a line of
    /// a .gitignore would (`drafts/`, `*-old.toml`). Repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// The labels are one person's products: total each nutrient across them and check the
    /// total (as a regimen file would, each product taken as its label says).
    #[arg(long)]
    together: bool,
    /// Label files (*.toml), label text (*.txt), a regimen file (with [[product]] tables),
    /// or folders of labels (searched
    /// recursively, skipping hidden entries, what .gitignore lists and links to folders).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum SurveyFormat {
    Text,
    Json,
    Csv,
}

#[derive(Args)]
struct SurveyArgs {
    #[command(flatten)]
    rules: RulesSource,
    #[command(flatten)]
    profile: ProfileArgs,
    #[command(flatten)]
    region: RegionArgs,
    /// Output format: text with bar charts, JSON, or CSV for spreadsheets.
    #[arg(long, value_enum, default_value = "text")]
    format: SurveyFormat,
    /// How many labels to list by vitamin D per day.
    #[arg(long, value_name = "N", default_value = "10")]
    top: usize,
    /// Leave out files and folders matching this glob when searching folders. Repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Label files, label text, DSLD records (.json, .jsonl) or folders holding them.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Args)]
struct CompareArgs {
    #[command(flatten)]
    rules: RulesSource,
    #[command(flatten)]
    profile: ProfileArgs,
    #[command(flatten)]
    region: RegionArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Two or more label files (*.toml) or label text (*.txt).
    #[arg(required = true, num_args = 2.., value_name = "LABEL")]
    labels: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Html,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Audience {
    /// Plain words for the person who takes the products.
    Person,
    /// Adds rule ids, thresholds and evidence kinds, for a pharmacist or doctor.
    Professional,
}

#[derive(Args)]
struct ReportArgs {
    #[command(flatten)]
    rules: RulesSource,
    #[command(flatten)]
    profile: ProfileArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "html")]
    format: ReportFormat,
    /// Who the report is written for.
    #[arg(long, value_enum, default_value = "person")]
    audience: Audience,
    /// Write the report to this file (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The date the report says it was made (default: today, UTC), as YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<String>,
    /// A regimen file (with [[product]] tables), a label file or label text.
    #[arg(value_name = "REGIMEN.toml|LABEL")]
    input: PathBuf,
}

#[derive(Args)]
struct RulesArgs {
    #[command(flatten)]
    rules: RulesSource,
    /// With --region, only the rules of those regions are listed (their own, and the health
    /// rules that are also their labelling requirements).
    #[command(flatten)]
    region: RegionArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// List the rule kinds instead: what each fires on, its parameters and an example.
    #[arg(long, conflicts_with = "diff")]
    kinds: bool,
    /// Show only how the rules differ from the built-in ones: per rule id, the changed
    /// thresholds, severity and on/off, and the rules added or missing.
    #[arg(long)]
    diff: bool,
}

#[derive(Args)]
struct ExplainArgs {
    #[command(flatten)]
    rules: RulesSource,
    /// With --region, also say whether the rule is checked with those regions.
    #[command(flatten)]
    region: RegionArgs,
    /// The rule id, e.g. d-above-caution (see `labelcheck rules`).
    rule: String,
    /// With any of these, also say what the rule means for that person: the limit for their
    /// age, whether their profile makes it speak, and the profile rules that would speak for
    /// them about the same nutrients.
    #[command(flatten)]
    profile: ProfileArgs,
}

fn parse_age(s: &str) -> Result<f64, String> {
    let age: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("\"{}\" is not a number of years", visible(s)))?;
    labelcheck::profile::validate_age(age).map_err(|e| format!("{e} (found {})", visible(s)))
}

fn parse_date(s: &str) -> Result<String, String> {
    let bad = || format!("\"{}\" is not a date like 2026-03-31", visible(s));
    let parts: Vec<&str> = s.trim().split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(bad());
    };
    let (Ok(year), Ok(month), Ok(day)) = (year.parse(), month.parse::<u8>(), day.parse()) else {
        return Err(bad());
    };
    let month = time::Month::try_from(month).map_err(|_| bad())?;
    time::Date::from_calendar_date(year, month, day)
        .map(|d| d.to_string())
        .map_err(|_| bad())
}

fn parse_anticoagulant(s: &str) -> Result<Anticoagulant, String> {
    s.parse()
}

fn parse_pregnancy(s: &str) -> Result<Pregnancy, String> {
    s.parse()
}

/// `none`, or a value of the list.
fn parse_choice<T: std::str::FromStr<Err = String>>(s: &str) -> Result<Choice<T>, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        Ok(Choice(None))
    } else {
        s.parse().map(|v| Choice(Some(v)))
    }
}

fn parse_condition(s: &str) -> Result<Choice<Condition>, String> {
    parse_choice(s)
}

fn parse_medicine(s: &str) -> Result<Choice<Medicine>, String> {
    parse_choice(s)
}

/// The app's options, which a command does not read from before its name.
const APP_ONLY_OPTIONS: &[(&str, &str)] = &[
    ("rules", "--rules"),
    ("age", "--age"),
    ("anticoagulant", "--anticoagulant"),
    ("profile_name", "--profile"),
    ("pregnancy", "--pregnancy"),
    ("condition", "--condition"),
    ("medicine", "--medicine"),
    ("examples", "--examples"),
    ("regions", "--region"),
];

/// Parses the command line. The app's options given before a command's name would be read by
/// the app, not by the command, and silently do nothing: they are refused with where to put
/// them. (Clap's `args_conflicts_with_subcommands` would refuse them too, but then also
/// `--quiet` and `--color` before the command, and answer a mistyped command with
/// "unexpected argument".)
fn parse() -> Cli {
    use clap::FromArgMatches;
    let mut command = Cli::command();
    let matches = command.get_matches_mut();
    if let Some((name, _)) = matches.subcommand() {
        for (id, flag) in APP_ONLY_OPTIONS {
            if matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine) {
                command
                    .error(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!("{flag} must come after the command: `labelcheck {name} {flag} …`"),
                    )
                    .exit();
            }
        }
    }
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

fn main() -> ExitCode {
    let cli = parse();
    cli.output.color.choice().write_global();
    let quiet = cli.output.quiet;
    let code = match cli.command {
        Some(Command::Check(args)) => run_check(&args, quiet),
        Some(Command::Rules(args)) => run_rules(&args, quiet),
        Some(Command::Explain(args)) => run_explain(&args, quiet),
        Some(Command::Import(args)) => run_import(&args, quiet),
        Some(Command::Compare(args)) => run_compare(&args, quiet),
        Some(Command::Report(args)) => run_report(&args, quiet),
        Some(Command::Survey(args)) => run_survey(&args, quiet),
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "labelcheck", &mut buf);
            finish(write_bytes(&buf))
        }
        Some(Command::Manpage) => {
            let mut buf = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                Ok(()) => finish(write_bytes(&buf)),
                Err(e) => write_failed(&e),
            }
        }
        None => match app_target(&cli.app.label) {
            Ok(target) => run_app(&cli.app, target, quiet),
            Err(code) => code,
        },
    };
    ExitCode::from(code)
}

/// What `labelcheck PATH` opens.
#[cfg_attr(not(feature = "tui"), allow(dead_code))]
enum AppTarget {
    /// An empty label.
    Empty,
    /// A label file or label text.
    Label(PathBuf),
    /// A folder of labels, for the example browser.
    Folder(PathBuf),
}

/// Decides what `labelcheck PATH` opens before the app needs a terminal: a path that does not
/// exist is an error (exit 2), and a word that is not a file but close to a command's name is
/// answered as clap answers a mistyped command.
fn app_target(paths: &[PathBuf]) -> Result<AppTarget, u8> {
    let Some((first, rest)) = paths.split_first() else {
        return Ok(AppTarget::Empty);
    };
    let meta = std::fs::metadata(first);
    if meta.is_err() || !rest.is_empty() {
        let word = first.to_string_lossy();
        if let Some(command) = labelcheck::label::suggestion(&word, COMMAND_NAMES) {
            Cli::command()
                .error(
                    clap::error::ErrorKind::InvalidSubcommand,
                    format!(
                        "unrecognized subcommand '{}': did you mean `{command}`?",
                        visible(&word)
                    ),
                )
                .exit();
        }
    }
    if !rest.is_empty() {
        Cli::command()
            .error(
                clap::error::ErrorKind::TooManyValues,
                "the app opens one label or one folder; to check several, use `labelcheck check PATH…`",
            )
            .exit();
    }
    match meta {
        Err(e) => {
            err(&text::errors(&[labelcheck::Diagnostic::whole_file(
                labelcheck::diagnostic::display_path(first),
                format!("cannot open: {}", labelcheck::diagnostic::io_reason(&e)),
            )]));
            Err(EXIT_ERROR)
        }
        Ok(meta) if meta.is_dir() => Ok(AppTarget::Folder(first.clone())),
        Ok(_) => Ok(AppTarget::Label(first.clone())),
    }
}

/// Writes to standard output through anstream, which drops the colours where they are not
/// wanted (not a terminal, NO_COLOR, --color never).
fn out(s: &str) -> std::io::Result<()> {
    let mut stdout = anstream::stdout().lock();
    stdout.write_all(s.as_bytes())?;
    stdout.flush()
}

/// Writes bytes to standard output as they are (JSON, completions, a man page).
fn write_bytes(bytes: &[u8]) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()
}

/// The exit code after writing the output: 0, or what [`write_failed`] says.
fn finish(written: std::io::Result<()>) -> u8 {
    match written {
        Ok(()) => EXIT_CLEAN,
        Err(e) => write_failed(&e),
    }
}

/// Output that could not be written ends the run with exit code 2. A closed pipe
/// (`labelcheck check … | head`) ends it quietly: the reader has gone and wants no message.
/// Any other failure (a full disk, a broken device) is said on standard error.
fn write_failed(e: &std::io::Error) -> u8 {
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        err(&format!(
            "labelcheck: cannot write the output: {}\n",
            labelcheck::diagnostic::io_reason(e)
        ));
    }
    EXIT_ERROR
}

fn err(s: &str) {
    let mut stderr = anstream::stderr();
    let _ = stderr.write_all(s.as_bytes());
}

/// Loads the rules, printing their warnings (unless quiet); errors are returned for the caller
/// to report.
/// The folder walker for `--exclude`; a bad glob is printed and becomes the exit code.
fn label_walk(exclude: &[String]) -> Result<labelcheck::LabelWalk, u8> {
    labelcheck::LabelWalk::new(exclude).map_err(|e| {
        err(&format!("error: {e}\n"));
        EXIT_ERROR
    })
}

fn load_rules(src: &RulesSource, quiet: bool) -> Result<LoadedRules, Diagnostics> {
    let loaded = labelcheck::load_rules_from(src.origin())?;
    if !quiet {
        err(&text::warnings(&loaded.warnings));
    }
    Ok(loaded)
}

fn report_rules_errors(diags: &Diagnostics) -> u8 {
    err(&text::errors(&diags.0));
    err("labelcheck: the rules could not be loaded; nothing was checked.\n");
    EXIT_ERROR
}

/// The width to wrap text to: the terminal's, when standard output is one.
fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

fn run_check(args: &CheckArgs, quiet: bool) -> u8 {
    let walk = match label_walk(&args.exclude) {
        Ok(walk) => walk,
        Err(code) => return code,
    };
    let loaded = match load_rules(&args.rules, quiet) {
        Ok(mut loaded) => {
            loaded.rules = loaded.rules.with_regions(&args.region.regions);
            loaded
        }
        Err(diags) => {
            if let (CheckFormat::Json, false) = (args.format, quiet) {
                let doc = format!(
                    "{}\n",
                    json::check_without_rules(&diags.0, &args.rules.origin())
                );
                if let Err(e) = write_bytes(doc.as_bytes()) {
                    return write_failed(&e);
                }
            }
            return report_rules_errors(&diags);
        }
    };
    let profile = match args.profile.person() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let regimen_file = match regimen_path(&args.paths) {
        Ok(found) => found,
        Err(code) => return code,
    };
    if let Some(path) = regimen_file {
        if args.together {
            err(
                "error: --together is for label files; a regimen file already says its products are taken together\n",
            );
            return EXIT_ERROR;
        }
        return match labelcheck::regimen::load_regimen_file(&path) {
            Ok(regimen) => check_regimen(args, &loaded, regimen, Some(&path), &profile, quiet),
            Err(diags) => {
                err(&text::errors(&diags.0));
                err("labelcheck: the regimen could not be read; nothing was checked.\n");
                EXIT_ERROR
            }
        };
    }
    let (files, walk_errors) = walk.collect(&args.paths);
    if args.together {
        let mut regimen = labelcheck::regimen::regimen_from_label_files(&files);
        regimen.errors.splice(0..0, walk_errors);
        return check_regimen(args, &loaded, regimen, None, &profile, quiet);
    }
    let written = match (args.format, quiet) {
        (_, true) => {
            // Nothing to show but the errors; the findings still decide the exit code.
            let mut stderr = anstream::stderr();
            text::write_check(
                &mut std::io::sink(),
                &mut stderr,
                &loaded.rules,
                &profile,
                &files,
                &walk_errors,
                text::Layout::default(),
            )
        }
        (CheckFormat::Text, false) => {
            let layout = text::Layout {
                width: terminal_width(),
            };
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, anstream::stdout().lock());
            let mut stderr = anstream::stderr();
            text::write_check(
                &mut stdout,
                &mut stderr,
                &loaded.rules,
                &profile,
                &files,
                &walk_errors,
                layout,
            )
            .and_then(|tally| {
                stdout.write_all(text::profile_used(&profile, layout).as_bytes())?;
                stdout.write_all(text::rules_used(&loaded.origin, layout).as_bytes())?;
                stdout.flush()?;
                Ok(tally)
            })
        }
        (CheckFormat::Json, false) => {
            // JSON has no colours: write it straight out, buffered, without the ANSI filter,
            // as the labels are checked.
            let stdout = std::io::stdout();
            let mut writer = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            json::write_check(&mut writer, &loaded, &profile, &files, walk_errors)
        }
        (CheckFormat::Sarif, false) => {
            let stdout = std::io::stdout();
            let mut writer = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            let mut stderr = anstream::stderr();
            labelcheck::report::sarif::write_check(
                &mut writer,
                &mut stderr,
                &loaded,
                &profile,
                &files,
                &walk_errors,
            )
        }
    };
    let tally = match written {
        Ok(tally) => tally,
        Err(e) => return write_failed(&e),
    };
    if tally.errors > 0 {
        EXIT_ERROR
    } else if args
        .fail_on
        .threshold()
        .is_some_and(|t| tally.worst().is_some_and(|w| w >= t))
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// The regimen file among the paths given to `check`, if any: a `.toml` file with
/// `[[product]]` tables. A regimen is checked on its own; with other paths it is an error.
fn regimen_path(paths: &[PathBuf]) -> Result<Option<PathBuf>, u8> {
    let is_regimen = |p: &PathBuf| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            && p.is_file()
            && labelcheck::fsio::read_text_file(p)
                .is_ok_and(|t| labelcheck::regimen::is_regimen_text(&t))
    };
    match paths.iter().find(|p| is_regimen(p)) {
        None => Ok(None),
        Some(p) if paths.len() == 1 => Ok(Some(p.clone())),
        Some(p) => {
            err(&format!(
                "error: {} is a regimen file; check it on its own (`labelcheck check {}`), or list label files with --together\n",
                visible(&p.display().to_string()),
                visible(&p.display().to_string())
            ));
            Err(EXIT_ERROR)
        }
    }
}

/// Checks a regimen and writes its report: text or JSON, products left out on standard error;
/// exit codes as for labels.
fn check_regimen(
    args: &CheckArgs,
    loaded: &LoadedRules,
    regimen: labelcheck::regimen::LoadedRegimen,
    file: Option<&std::path::Path>,
    profile: &Profile,
    quiet: bool,
) -> u8 {
    let errors = regimen.errors;
    let profile = labelcheck::regimen::profile_for(&regimen.regimen, profile);
    let checked = labelcheck::regimen::check(&loaded.rules, regimen.regimen, &profile);
    err(&text::errors(&errors));
    let written = match (args.format, quiet) {
        (_, true) => Ok(()),
        (CheckFormat::Text, false) => out(&regimen_report::text(&checked, &loaded.origin)),
        (CheckFormat::Sarif, false) => {
            err(
                "error: --format sarif points at places in label files; a regimen's findings on its total have none: use text or json\n",
            );
            return EXIT_ERROR;
        }
        (CheckFormat::Json, false) => {
            let file = file.map(|p| p.display().to_string());
            let doc = regimen_report::json(
                &checked,
                file.as_deref(),
                &loaded.rules,
                &loaded.origin,
                &errors,
            );
            write_bytes(format!("{doc:#}\n").as_bytes())
        }
    };
    if let Err(e) = written {
        return write_failed(&e);
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if args
        .fail_on
        .threshold()
        .is_some_and(|t| checked.worst().is_some_and(|w| w >= t))
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn run_compare(args: &CompareArgs, quiet: bool) -> u8 {
    let loaded = match load_rules(&args.rules, quiet) {
        Ok(mut loaded) => {
            loaded.rules = loaded.rules.with_regions(&args.region.regions);
            loaded
        }
        Err(diags) => return report_rules_errors(&diags),
    };
    let profile = match args.profile.person() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for path in &args.labels {
        match labelcheck::load_label_file(path) {
            Ok(label) => results.push(labelcheck::check_label(
                &loaded.rules,
                &profile,
                labelcheck::diagnostic::display_path(path),
                label,
            )),
            Err(d) => errors.extend(d.0),
        }
    }
    err(&text::errors(&errors));
    let written = match (args.format, quiet) {
        (_, true) => Ok(()),
        (Format::Text, false) => out(&regimen_report::compare_text(&results, &loaded.rules)),
        (Format::Json, false) => {
            let doc =
                regimen_report::compare_json(&results, &loaded.rules, &loaded.origin, &errors);
            write_bytes(format!("{doc:#}\n").as_bytes())
        }
    };
    if let Err(e) = written {
        return write_failed(&e);
    }
    if errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_ERROR
    }
}

fn run_report(args: &ReportArgs, quiet: bool) -> u8 {
    let loaded = match load_rules(&args.rules, quiet) {
        Ok(loaded) => loaded,
        Err(diags) => return report_rules_errors(&diags),
    };
    let is_regimen = labelcheck::fsio::read_text_file(&args.input)
        .is_ok_and(|t| labelcheck::regimen::is_regimen_text(&t));
    let regimen = if is_regimen {
        labelcheck::regimen::load_regimen_file(&args.input)
    } else {
        let one = labelcheck::regimen::regimen_from_label_files(std::slice::from_ref(&args.input));
        if one.regimen.products.is_empty() {
            Err(Diagnostics(one.errors))
        } else {
            Ok(one)
        }
    };
    let regimen = match regimen {
        Ok(r) => r,
        Err(diags) => {
            err(&text::errors(&diags.0));
            err("labelcheck: nothing to report on; no report was written.\n");
            return EXIT_ERROR;
        }
    };
    let errors = regimen.errors;
    let command_line = match args.profile.person() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let profile = labelcheck::regimen::profile_for(&regimen.regimen, &command_line);
    let checked = labelcheck::regimen::check(&loaded.rules, regimen.regimen, &profile);
    let date = args
        .date
        .clone()
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date().to_string());
    let input = labelcheck::report::html::ReportInput {
        checked: &checked,
        rules: &loaded.rules,
        origin: &loaded.origin,
        errors: &errors,
        date: &date,
        audience: match args.audience {
            Audience::Person => labelcheck::report::html::Audience::Person,
            Audience::Professional => labelcheck::report::html::Audience::Professional,
        },
    };
    let rendered = match args.format {
        ReportFormat::Html => labelcheck::report::html::html(&input),
        ReportFormat::Markdown => labelcheck::report::html::markdown(&input),
    };
    let page = match rendered {
        Ok(page) => page,
        Err(e) => {
            err(&format!(
                "labelcheck: the report could not be rendered: {e}\n"
            ));
            return EXIT_ERROR;
        }
    };
    err(&text::errors(&errors));
    let written = match &args.output {
        None => write_bytes(page.as_bytes()),
        Some(path) => match labelcheck::fsio::write_atomically(path, page.as_bytes()) {
            Ok(()) => {
                if !quiet {
                    err(&format!(
                        "Wrote the report to {} ({}).\n",
                        visible(&path.display().to_string()),
                        regimen_report::summary_line(&checked)
                    ));
                }
                Ok(())
            }
            Err(e) => {
                err(&format!(
                    "labelcheck: cannot write {}: {e}\n",
                    visible(&path.display().to_string())
                ));
                return EXIT_ERROR;
            }
        },
    };
    if let Err(e) = written {
        return write_failed(&e);
    }
    if errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_ERROR
    }
}

fn run_rules(args: &RulesArgs, quiet: bool) -> u8 {
    if args.kinds {
        if quiet {
            return EXIT_CLEAN;
        }
        return finish(match args.format {
            Format::Text => out(&text::kinds()),
            Format::Json => write_bytes(format!("{:#}\n", json::kinds()).as_bytes()),
        });
    }
    let mut loaded = match load_rules(&args.rules, quiet) {
        Ok(loaded) => loaded,
        Err(diags) => return report_rules_errors(&diags),
    };
    if quiet {
        return EXIT_CLEAN;
    }
    let regions = &args.region.regions;
    if !regions.is_empty() && !args.diff {
        loaded
            .rules
            .rules
            .retain(|r| regions.iter().any(|g| r.belongs_to(*g)));
    }
    finish(match (args.format, args.diff) {
        (Format::Text, false) => out(&text::rules(&loaded)),
        (Format::Json, false) => write_bytes(format!("{:#}\n", json::rules(&loaded)).as_bytes()),
        (Format::Text, true) => out(&text::rules_diff(&loaded)),
        (Format::Json, true) => {
            write_bytes(format!("{:#}\n", json::rules_diff(&loaded)).as_bytes())
        }
    })
}

fn run_explain(args: &ExplainArgs, quiet: bool) -> u8 {
    let loaded = match load_rules(&args.rules, quiet) {
        Ok(loaded) => loaded,
        Err(diags) => return report_rules_errors(&diags),
    };
    let person = if args.profile.given() {
        match args.profile.person() {
            Ok(p) => Some(p),
            Err(code) => return code,
        }
    } else {
        None
    };
    match text::explain(&loaded.rules, &args.rule, person.as_ref()) {
        Some(_) if quiet => EXIT_CLEAN,
        Some(mut s) => {
            let regions = &args.region.regions;
            if let (false, Some(rule)) = (regions.is_empty(), loaded.rules.rule(&args.rule)) {
                let codes: Vec<&str> = regions.iter().map(|g| g.as_str()).collect();
                let checked = if rule.applies_in(regions) {
                    "checked"
                } else {
                    "not checked"
                };
                s.push_str(&format!(
                    "With --region {}: {checked}.\n",
                    codes.join(" --region ")
                ));
            }
            finish(out(&s))
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

fn run_import(args: &ImportArgs, quiet: bool) -> u8 {
    let path = PathBuf::from(&args.input);
    if args.input != "-" && labelcheck::dsld::is_dsld_file(&path) {
        return run_import_dsld(args, &path, quiet);
    }
    if args.id.is_some() {
        err("error: --id chooses a record of a DSLD file (.json, .jsonl)\n");
        return EXIT_ERROR;
    }
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
    let written = match args.format {
        ImportFormat::Toml => write_bytes(import::to_toml(&imported, &source, &text).as_bytes()),
        ImportFormat::Json => write_bytes(format!("{:#}\n", import::to_json(&imported)).as_bytes()),
    };
    // Nothing was written, or only part: say so instead of "Read 1 ingredient".
    if let Err(e) = written {
        return write_failed(&e);
    }
    if quiet {
        return EXIT_CLEAN;
    }
    let lines: Vec<String> = imported
        .label
        .ingredients
        .iter()
        .filter_map(|i| i.line.map(|l| l.to_string()))
        .collect();
    if !imported.warnings.is_empty() {
        err(&format!(
            "{} warning(s): the text does not settle everything; nothing was guessed:\n",
            imported.warnings.len()
        ));
        for w in &imported.warnings {
            err(&format!("  {}\n", visible(&import::warning_text(w))));
        }
    }
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

fn run_survey(args: &SurveyArgs, quiet: bool) -> u8 {
    let walk = match label_walk(&args.exclude) {
        Ok(walk) => walk,
        Err(code) => return code,
    };
    let loaded = match load_rules(&args.rules, quiet) {
        Ok(mut loaded) => {
            loaded.rules = loaded.rules.with_regions(&args.region.regions);
            loaded
        }
        Err(diags) => return report_rules_errors(&diags),
    };
    let profile = match args.profile.person() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (files, walk_errors) = walk.collect(&args.paths);
    err(&text::errors(&walk_errors));
    let progress = SurveyProgress::new(&files);
    let survey = labelcheck::survey::survey(&loaded.rules, &profile, &files, args.top, &|done| {
        progress.set(done)
    });
    progress.finish();
    err(&text::errors(
        &survey
            .errors
            .iter()
            .map(|(_, d)| d.clone())
            .collect::<Vec<_>>(),
    ));
    let failed = !walk_errors.is_empty() || survey.failed() > 0;
    if !quiet {
        use labelcheck::report::survey as render;
        let written = match args.format {
            SurveyFormat::Text => out(&render::text(
                &survey,
                &loaded.rules,
                &profile,
                &loaded.origin,
            )),
            SurveyFormat::Json => write_bytes(
                format!(
                    "{:#}\n",
                    render::json(&survey, &loaded.rules, &profile, &loaded.origin)
                )
                .as_bytes(),
            ),
            SurveyFormat::Csv => match render::csv(&survey, &loaded.rules) {
                Ok(bytes) => write_bytes(&bytes),
                Err(e) => Err(std::io::Error::other(e)),
            },
        };
        if let Err(e) = written {
            return write_failed(&e);
        }
    }
    if failed { EXIT_ERROR } else { EXIT_CLEAN }
}

/// The survey's progress bar on standard error: shown only on a terminal, and only once the
/// run has taken more than a second.
struct SurveyProgress {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
    terminal: bool,
}

impl SurveyProgress {
    fn new(files: &[PathBuf]) -> SurveyProgress {
        let total: u64 = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .sum();
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {elapsed} (eta {eta})",
        ) {
            bar.set_style(style);
        }
        SurveyProgress {
            bar,
            started: std::time::Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn set(&self, done: u64) {
        use std::sync::atomic::Ordering;
        if self.terminal
            && !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() > std::time::Duration::from_secs(1)
        {
            self.shown.store(true, Ordering::Relaxed);
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_position(done);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `labelcheck import RECORD.json`: the record as a label file with its provenance.
fn run_import_dsld(args: &ImportArgs, path: &std::path::Path, quiet: bool) -> u8 {
    let record = match labelcheck::load_dsld_record(path, args.id, args.age) {
        Ok(record) => record,
        Err(diags) => {
            err(&text::errors(&diags.0));
            return EXIT_ERROR;
        }
    };
    let mut record = record;
    if let Some(name) = &args.name {
        record.label.name = name.clone();
    }
    let written = match args.format {
        ImportFormat::Toml => {
            write_bytes(labelcheck::report::dsld::to_toml(&record, &args.input).as_bytes())
        }
        ImportFormat::Json => {
            write_bytes(format!("{:#}\n", labelcheck::report::dsld::to_json(&record)).as_bytes())
        }
    };
    if let Err(e) = written {
        return write_failed(&e);
    }
    if !quiet {
        if !record.warnings.is_empty() {
            err(&format!(
                "{} warning(s): not read as printed; nothing was guessed:\n",
                record.warnings.len()
            ));
            for w in &record.warnings {
                err(&format!("  {}\n", visible(w)));
            }
        }
        err(&format!(
            "Read DSLD label {} from {}: {} ingredient(s); {} row(s) not used.\n",
            record.id,
            visible(&args.input),
            record.label.ingredients.len(),
            record.skipped.len()
        ));
    }
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
fn run_app(args: &AppArgs, target: AppTarget, quiet: bool) -> u8 {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        err(
            "labelcheck: the app needs a terminal. For scripts use `labelcheck check FILE…` (see --help).\n",
        );
        return EXIT_ERROR;
    }
    let profile = match args.profile.person() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let rules = match load_rules(&args.rules, quiet) {
        Ok(rules) => rules,
        Err(diags) => {
            err(&text::errors(&diags.0));
            err(
                "labelcheck: the rules could not be loaded; fix them (or leave out --rules) and start again.\n",
            );
            return EXIT_ERROR;
        }
    };
    let mut messages = Vec::new();
    if !rules.added_from_builtin.is_empty() {
        messages.push(labelcheck::rules::diff::added_notice(
            &rules.added_from_builtin,
        ));
    }
    // A regimen file given as the path opens on the Regimen screen.
    let regimen = match &target {
        AppTarget::Label(path)
            if labelcheck::fsio::read_text_file(path)
                .is_ok_and(|t| labelcheck::regimen::is_regimen_text(&t)) =>
        {
            Some(path.clone())
        }
        _ => None,
    };
    let label = match &target {
        AppTarget::Empty | AppTarget::Folder(_) => None,
        AppTarget::Label(_) if regimen.is_some() => None,
        AppTarget::Label(path) => match labelcheck::load_label_file(path) {
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
    // A folder given as the path is offered in the example browser, as --examples is, and the
    // app opens on the browser.
    let folders = args.examples.iter().chain(match &target {
        AppTarget::Folder(dir) => Some(dir),
        _ => None,
    });
    let mut extra_examples = Vec::new();
    for dir in folders {
        let folder = labelcheck::examples::load_folder(dir);
        if folder.unreadable > 0 {
            messages.push(format!(
                "{} file(s) in {} could not be read as labels; run `labelcheck check {}` to see why.",
                folder.unreadable,
                visible(&dir.display().to_string()),
                visible(&dir.display().to_string())
            ));
        }
        extra_examples.extend(folder.examples);
    }
    // Saves go back to the file the rules came from; the built-in rules are saved as the
    // user's own, in the config folder (never into a source tree's rules.toml).
    let config = config_folder();
    let saved_path = config.as_deref().map(labelcheck::saved_rules_path);
    let rules_save_path = match rules.origin.path() {
        Some(path) => path.to_path_buf(),
        None => saved_path
            .clone()
            .unwrap_or_else(|| PathBuf::from("labelcheck-rules.toml")),
    };
    let options = labelcheck::tui::Options {
        rules_save_path,
        saved_rules_path: saved_path,
        rules,
        label,
        profile,
        regions: args.region.regions.clone(),
        profiles_path: config.as_deref().map(labelcheck::profile::profiles_path),
        extra_examples,
        startup_message: (!messages.is_empty()).then(|| messages.join(" ")),
        // A folder opens in the example browser, on its first label.
        start_screen: if matches!(target, AppTarget::Folder(_)) {
            labelcheck::tui::app::Screen::Examples
        } else {
            labelcheck::tui::app::Screen::Label
        },
        regimen,
        panic_key: test_panic_key(),
    };
    // --color reaches the app as it reaches every report; auto follows NO_COLOR.
    let theme = match anstream::ColorChoice::global() {
        anstream::ColorChoice::Never => labelcheck::tui::theme::Theme { color: false },
        anstream::ColorChoice::Always | anstream::ColorChoice::AlwaysAnsi => {
            labelcheck::tui::theme::Theme { color: true }
        }
        anstream::ColorChoice::Auto => labelcheck::tui::theme::Theme::from_env(),
    };
    match labelcheck::tui::run(options, theme) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            err(&format!("labelcheck: terminal error: {e}\n"));
            EXIT_ERROR
        }
    }
}

/// This build has no terminal app.
#[cfg(not(feature = "tui"))]
fn run_app(_args: &AppArgs, _target: AppTarget, _quiet: bool) -> u8 {
    err(
        "labelcheck: this build has no terminal app (it was built without the `tui` feature). Use `labelcheck check FILE…` (see --help).\n",
    );
    EXIT_ERROR
}
