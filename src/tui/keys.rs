//! The one table of keys: which key does what where. Key handling looks actions up here, and
//! the key bar and the `?` help are generated from the same rows, so they cannot drift apart.
//!
//! A [`Scope`] is a place the focus can be (a pane, a screen, a popup, a field being typed
//! into); the app names the scopes that apply, most general first ([`crate::tui::App::scopes`]),
//! and the first row of those scopes that holds the key gives its [`Action`]. Keys no row holds
//! are typed into the text being edited, or ignored.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::strings;

/// What a key does. The words shown for it (key bar and help) are in [`strings::action`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    Save,
    ShowLabel,
    ShowExamples,
    ShowRules,
    NextPane,
    PreviousPane,
    Up,
    Down,
    Left,
    Right,
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    ScrollTop,
    Edit,
    Back,
    AddIngredient,
    RemoveIngredient,
    TakeSuggestion,
    KeepAsTyped,
    PasteLabel,
    OpenDetail,
    LoadExample,
    OpenRule,
    ToggleRule,
    ResetRule,
    SaveRulesAs,
    SaveLabelAs,
    FinishEdit,
    LeaveField,
    UndoEdit,
    MoveCursor,
    ClearField,
    Choose,
    Cancel,
    Close,
    SaveUnderName,
    ReadPasted,
    Yes,
    No,
    Restore,
    Discard,
    Later,
    ShowPerson,
    ChangePerson,
    SaveProfile,
    ClosePerson,
    CopyFinding,
    Filter,
    KeepFilter,
    ClearFilter,
    SortExamples,
    ShowRegimen,
    ShowCompare,
    AddCurrentLabel,
    AddExampleProduct,
    AddFileProduct,
    AddPastedProduct,
    SetTaken,
    SetReason,
    RemoveProduct,
    MarkForCompare,
    OpenRegimen,
    SaveRegimenAs,
    WriteReport,
}

impl Action {
    /// Every action, for the test that each is bound to a key somewhere.
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::Help,
        Action::Save,
        Action::ShowLabel,
        Action::ShowExamples,
        Action::ShowRules,
        Action::NextPane,
        Action::PreviousPane,
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::ScrollUp,
        Action::ScrollDown,
        Action::PageUp,
        Action::PageDown,
        Action::ScrollTop,
        Action::Edit,
        Action::Back,
        Action::AddIngredient,
        Action::RemoveIngredient,
        Action::TakeSuggestion,
        Action::KeepAsTyped,
        Action::PasteLabel,
        Action::OpenDetail,
        Action::LoadExample,
        Action::OpenRule,
        Action::ToggleRule,
        Action::ResetRule,
        Action::SaveRulesAs,
        Action::SaveLabelAs,
        Action::FinishEdit,
        Action::LeaveField,
        Action::UndoEdit,
        Action::MoveCursor,
        Action::ClearField,
        Action::Choose,
        Action::Cancel,
        Action::Close,
        Action::SaveUnderName,
        Action::ReadPasted,
        Action::Yes,
        Action::No,
        Action::Restore,
        Action::Discard,
        Action::Later,
        Action::ShowPerson,
        Action::ChangePerson,
        Action::SaveProfile,
        Action::ClosePerson,
        Action::CopyFinding,
        Action::Filter,
        Action::KeepFilter,
        Action::ClearFilter,
        Action::SortExamples,
        Action::ShowRegimen,
        Action::ShowCompare,
        Action::AddCurrentLabel,
        Action::AddExampleProduct,
        Action::AddFileProduct,
        Action::AddPastedProduct,
        Action::SetTaken,
        Action::SetReason,
        Action::RemoveProduct,
        Action::MarkForCompare,
        Action::OpenRegimen,
        Action::SaveRegimenAs,
        Action::WriteReport,
    ];

    /// The word or two the key bar shows.
    pub fn short(self) -> &'static str {
        strings::action(self).0
    }

    /// What the help says the action does.
    pub fn description(self) -> &'static str {
        strings::action(self).1
    }

    /// The new scroll offset for a scrolling action, or `None` for any other.
    pub fn scrolled(self, scroll: u16) -> Option<u16> {
        let next = match self {
            Action::ScrollDown => scroll.saturating_add(1),
            Action::ScrollUp => scroll.saturating_sub(1),
            Action::PageDown => scroll.saturating_add(10),
            Action::PageUp => scroll.saturating_sub(10),
            Action::ScrollTop => 0,
            _ => return None,
        };
        Some(next.min(MAX_SCROLL))
    }

    /// The new selection in a list of `len` rows for [`Action::Up`] / [`Action::Down`], or
    /// `None` for any other action.
    pub fn moved(self, current: usize, len: usize) -> Option<usize> {
        match self {
            Action::Up => Some(step(current, len, false)),
            Action::Down => Some(step(current, len, true)),
            _ => None,
        }
    }
}

/// Most lines any scrolled text is moved down; text is never that long, and it keeps a held key
/// from scrolling into emptiness.
const MAX_SCROLL: u16 = 500;

/// One step through `len` items, stopping at both ends.
pub fn step(current: usize, len: usize, forward: bool) -> usize {
    if len == 0 {
        0
    } else if forward {
        (current + 1).min(len - 1)
    } else {
        current.saturating_sub(1)
    }
}

/// Where the focus can be. Each has its rows in [`BINDINGS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Keys that work in every state, even in a popup or a field being typed into.
    Always,
    /// Keys of every screen when no popup is open and no field is being typed into; shown first
    /// in the key bar.
    Global,
    LabelForm,
    Findings,
    FindingDetail,
    /// Keys of the whole label screen, whichever pane has the focus.
    LabelScreen,
    Examples,
    RulesList,
    RuleParams,
    /// Keys of the whole rules screen, whichever pane has the focus.
    RulesScreen,
    /// Moving between panes and screens; shown last in the key bar.
    Navigation,
    Editing,
    /// Typing a filter into the example browser or the rules list; other keys type.
    Filtering,
    HelpPopup,
    Picker,
    SaveAs,
    PasteBox,
    Importing,
    ImportReport,
    Recovery,
    ConfirmQuit,
    ConfirmOverwrite,
    Confirm,
    /// The Regimen screen.
    Regimen,
    /// A line typed into on the Regimen screen (a file, how a product is taken, a reason).
    RegimenInput,
    /// The Compare view.
    Compare,
    /// The person profile popup.
    PersonPopup,
}

impl Scope {
    /// Every scope, in the order the help lists them.
    pub const ALL: &'static [Scope] = &[
        Scope::Always,
        Scope::Global,
        Scope::Navigation,
        Scope::LabelScreen,
        Scope::LabelForm,
        Scope::Findings,
        Scope::FindingDetail,
        Scope::Examples,
        Scope::RulesScreen,
        Scope::RulesList,
        Scope::RuleParams,
        Scope::Editing,
        Scope::Filtering,
        Scope::HelpPopup,
        Scope::Picker,
        Scope::SaveAs,
        Scope::PasteBox,
        Scope::Importing,
        Scope::ImportReport,
        Scope::Recovery,
        Scope::ConfirmQuit,
        Scope::ConfirmOverwrite,
        Scope::Regimen,
        Scope::RegimenInput,
        Scope::Compare,
        Scope::Confirm,
        Scope::PersonPopup,
    ];
}

/// A key as the table writes it: a key code, with or without Ctrl. Keys without Ctrl match
/// characters typed without Ctrl or Alt, and other keys (Enter, arrows) with any modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn matches(&self, key: &KeyEvent) -> bool {
        if key.code != self.code {
            return false;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char(_) if !self.ctrl => !ctrl && !key.modifiers.contains(KeyModifiers::ALT),
            _ => ctrl == self.ctrl || !self.ctrl,
        }
    }

    /// A key event that this key matches (for tests and the help).
    pub fn event(&self) -> KeyEvent {
        let modifiers = if self.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(self.code, modifiers)
    }

    /// How the help writes the key.
    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            other => strings::key_name(other).to_string(),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

const fn k(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    k(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

/// One row of the table: in `scope`, `keys` do `action`. `bar` is how the key bar writes the
/// keys, for rows the key bar shows.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub bar: Option<&'static str>,
}

const fn bind(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    bar: Option<&'static str>,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        bar,
    }
}

const UP: &[Key] = &[k(KeyCode::Up), ch('k')];
const DOWN: &[Key] = &[k(KeyCode::Down), ch('j')];
const LEFT: &[Key] = &[k(KeyCode::Left), ch('h')];
const RIGHT: &[Key] = &[k(KeyCode::Right), ch('l')];
const ENTER: &[Key] = &[k(KeyCode::Enter)];
const ESC: &[Key] = &[k(KeyCode::Esc)];
const PAGE_UP: &[Key] = &[k(KeyCode::PageUp)];
const PAGE_DOWN: &[Key] = &[k(KeyCode::PageDown)];
const HOME: &[Key] = &[k(KeyCode::Home)];

use Action as A;
use Scope as S;

/// The table. Within the scopes that apply, the first row holding a key wins; the test
/// `every_bound_key_reaches_its_action` proves no row is hidden by another.
pub const BINDINGS: &[Binding] = &[
    bind(S::Always, &[ctrl('c')], A::Quit, None),
    bind(S::Global, &[ch('?')], A::Help, Some("?")),
    bind(S::Global, &[ch('q')], A::Quit, Some("q")),
    bind(S::Global, &[ch('P')], A::ShowPerson, Some("P")),
    // The label form
    bind(S::LabelForm, UP, A::Up, Some("↑↓")),
    bind(S::LabelForm, DOWN, A::Down, None),
    bind(S::LabelForm, ENTER, A::Edit, Some("Enter")),
    bind(S::LabelForm, LEFT, A::Left, Some("←→")),
    bind(S::LabelForm, RIGHT, A::Right, None),
    bind(S::LabelForm, &[ch('a')], A::AddIngredient, Some("a")),
    bind(
        S::LabelForm,
        &[ch('d'), k(KeyCode::Delete)],
        A::RemoveIngredient,
        Some("d"),
    ),
    bind(S::LabelForm, &[ch('y')], A::TakeSuggestion, None),
    bind(S::LabelForm, &[ch('n')], A::KeepAsTyped, None),
    // The findings list and a finding's detail
    bind(S::Findings, UP, A::Up, Some("↑↓")),
    bind(S::Findings, DOWN, A::Down, None),
    bind(S::Findings, ENTER, A::OpenDetail, Some("Enter")),
    bind(S::Findings, ESC, A::Back, None),
    bind(S::Findings, &[ch('y')], A::CopyFinding, Some("y")),
    bind(S::FindingDetail, UP, A::ScrollUp, Some("↑↓ PgUp PgDn")),
    bind(S::FindingDetail, DOWN, A::ScrollDown, None),
    bind(S::FindingDetail, PAGE_UP, A::PageUp, None),
    bind(S::FindingDetail, PAGE_DOWN, A::PageDown, None),
    bind(S::FindingDetail, HOME, A::ScrollTop, None),
    bind(S::FindingDetail, ESC, A::Back, Some("Esc")),
    bind(S::FindingDetail, &[ch('y')], A::CopyFinding, Some("y")),
    bind(S::LabelScreen, &[ctrl('s')], A::Save, Some("^S")),
    bind(S::LabelScreen, &[ch('p')], A::PasteLabel, None),
    // Examples
    bind(S::Examples, UP, A::Up, Some("↑↓")),
    bind(S::Examples, DOWN, A::Down, None),
    bind(S::Examples, ENTER, A::LoadExample, Some("Enter")),
    bind(S::Examples, &[ctrl('s')], A::Save, None),
    bind(S::Examples, &[ch('/')], A::Filter, Some("/")),
    bind(S::Examples, ESC, A::ClearFilter, None),
    bind(S::Examples, &[ch('s')], A::SortExamples, Some("s")),
    // Rules
    bind(S::RulesList, UP, A::Up, Some("↑↓")),
    bind(S::RulesList, DOWN, A::Down, None),
    bind(
        S::RulesList,
        &[ch(' '), ch('e')],
        A::ToggleRule,
        Some("Space"),
    ),
    bind(
        S::RulesList,
        &[k(KeyCode::Enter), k(KeyCode::Right), ch('l')],
        A::OpenRule,
        Some("Enter"),
    ),
    bind(S::RulesList, &[ch('/')], A::Filter, Some("/")),
    bind(S::RulesList, ESC, A::ClearFilter, None),
    bind(S::RuleParams, UP, A::Up, Some("↑↓")),
    bind(S::RuleParams, DOWN, A::Down, None),
    bind(S::RuleParams, ENTER, A::Edit, Some("Enter")),
    bind(S::RuleParams, LEFT, A::Left, Some("←→")),
    bind(S::RuleParams, RIGHT, A::Right, None),
    bind(S::RuleParams, ESC, A::Back, Some("Esc")),
    bind(S::RuleParams, &[ch(' '), ch('e')], A::ToggleRule, None),
    bind(S::RulesScreen, &[ch('r')], A::ResetRule, Some("r")),
    bind(S::RulesScreen, &[ctrl('s')], A::Save, Some("^S")),
    bind(S::RulesScreen, &[ch('s')], A::SaveRulesAs, Some("s")),
    // Moving around
    bind(S::Navigation, &[k(KeyCode::Tab)], A::NextPane, Some("Tab")),
    bind(S::Navigation, &[k(KeyCode::BackTab)], A::PreviousPane, None),
    bind(S::Navigation, &[ch('1')], A::ShowLabel, Some("1-5")),
    bind(S::Navigation, &[ch('2')], A::ShowExamples, None),
    bind(S::Navigation, &[ch('3')], A::ShowRules, None),
    bind(S::Navigation, &[ch('4')], A::ShowRegimen, None),
    bind(S::Navigation, &[ch('5')], A::ShowCompare, None),
    // A field being typed into; other keys type
    bind(S::Editing, ENTER, A::FinishEdit, Some("Enter")),
    bind(
        S::Editing,
        &[k(KeyCode::Tab), k(KeyCode::Up), k(KeyCode::Down)],
        A::LeaveField,
        None,
    ),
    bind(S::Editing, ESC, A::UndoEdit, Some("Esc")),
    bind(
        S::Editing,
        &[
            k(KeyCode::Left),
            k(KeyCode::Right),
            k(KeyCode::Home),
            k(KeyCode::End),
            ctrl('a'),
            ctrl('e'),
        ],
        A::MoveCursor,
        Some("←→"),
    ),
    bind(S::Editing, &[ctrl('u')], A::ClearField, Some("^U")),
    // A filter being typed; other keys type
    bind(S::Filtering, ENTER, A::KeepFilter, Some("Enter")),
    bind(S::Filtering, ESC, A::ClearFilter, Some("Esc")),
    // Arrows only: j and k are letters of the filter.
    bind(S::Filtering, &[k(KeyCode::Up)], A::Up, Some("↑↓")),
    bind(S::Filtering, &[k(KeyCode::Down)], A::Down, None),
    // Popups
    bind(S::HelpPopup, UP, A::ScrollUp, Some("↑↓")),
    bind(S::HelpPopup, DOWN, A::ScrollDown, None),
    bind(S::HelpPopup, PAGE_UP, A::PageUp, None),
    bind(S::HelpPopup, PAGE_DOWN, A::PageDown, None),
    bind(S::HelpPopup, HOME, A::ScrollTop, None),
    bind(S::HelpPopup, ESC, A::Close, Some("Esc")),
    bind(S::Picker, UP, A::Up, Some("↑↓")),
    bind(S::Picker, DOWN, A::Down, None),
    bind(S::Picker, ENTER, A::Choose, Some("Enter")),
    bind(S::Picker, ESC, A::Cancel, Some("Esc")),
    bind(S::SaveAs, ENTER, A::SaveUnderName, Some("Enter")),
    bind(S::SaveAs, ESC, A::Cancel, Some("Esc")),
    bind(S::PasteBox, &[ctrl('d')], A::ReadPasted, Some("Ctrl-D")),
    bind(S::PasteBox, ESC, A::Cancel, Some("Esc")),
    bind(S::Importing, ESC, A::Cancel, Some("Esc")),
    bind(S::ImportReport, UP, A::ScrollUp, Some("↑↓")),
    bind(S::ImportReport, DOWN, A::ScrollDown, None),
    bind(S::ImportReport, PAGE_UP, A::PageUp, None),
    bind(S::ImportReport, PAGE_DOWN, A::PageDown, None),
    bind(S::ImportReport, HOME, A::ScrollTop, None),
    bind(S::ImportReport, ESC, A::Close, Some("Esc")),
    bind(
        S::Recovery,
        &[ch('y'), k(KeyCode::Enter)],
        A::Restore,
        Some("y"),
    ),
    bind(S::Recovery, &[ch('n')], A::Discard, Some("n")),
    bind(S::Recovery, ESC, A::Later, Some("Esc")),
    bind(S::ConfirmQuit, &[ch('y')], A::Yes, Some("y")),
    bind(
        S::ConfirmQuit,
        &[ch('n'), k(KeyCode::Esc), ch('q')],
        A::No,
        Some("n"),
    ),
    bind(
        S::ConfirmOverwrite,
        &[ch('y'), k(KeyCode::Enter)],
        A::Yes,
        Some("y"),
    ),
    bind(S::ConfirmOverwrite, &[ch('s')], A::SaveLabelAs, Some("s")),
    bind(
        S::ConfirmOverwrite,
        &[ch('n'), k(KeyCode::Esc)],
        A::No,
        Some("n"),
    ),
    bind(S::Confirm, &[ch('y'), k(KeyCode::Enter)], A::Yes, Some("y")),
    bind(S::Confirm, &[ch('n'), k(KeyCode::Esc)], A::No, Some("n")),
    // The Regimen screen and the Compare view
    bind(S::Regimen, UP, A::Up, Some("↑↓")),
    bind(S::Regimen, DOWN, A::Down, None),
    bind(S::Regimen, &[ch('c')], A::AddCurrentLabel, Some("c/e/f/p")),
    bind(S::Regimen, &[ch('e')], A::AddExampleProduct, None),
    bind(S::Regimen, &[ch('f')], A::AddFileProduct, None),
    bind(S::Regimen, &[ch('p')], A::AddPastedProduct, None),
    bind(S::Regimen, &[ch('t')], A::SetTaken, Some("t")),
    bind(S::Regimen, &[ch('r')], A::SetReason, Some("r")),
    bind(
        S::Regimen,
        &[ch('d'), k(KeyCode::Delete)],
        A::RemoveProduct,
        Some("d"),
    ),
    bind(S::Regimen, &[ctrl('s')], A::Save, Some("^S")),
    bind(S::Regimen, &[ch('s')], A::SaveRegimenAs, Some("s")),
    bind(S::Regimen, &[ch('o')], A::OpenRegimen, Some("o")),
    bind(S::Regimen, &[ch('x')], A::MarkForCompare, Some("x")),
    bind(S::Regimen, &[ch('w')], A::WriteReport, Some("w")),
    bind(S::Regimen, PAGE_UP, A::PageUp, Some("PgUp PgDn")),
    bind(S::Regimen, PAGE_DOWN, A::PageDown, None),
    bind(S::Regimen, HOME, A::ScrollTop, None),
    bind(S::RegimenInput, ENTER, A::FinishEdit, Some("Enter")),
    bind(S::RegimenInput, ESC, A::Cancel, Some("Esc")),
    bind(S::Compare, PAGE_UP, A::PageUp, Some("PgUp PgDn")),
    bind(S::Compare, PAGE_DOWN, A::PageDown, None),
    bind(S::Compare, UP, A::ScrollUp, None),
    bind(S::Compare, DOWN, A::ScrollDown, None),
    // The person profile
    bind(S::PersonPopup, UP, A::Up, Some("↑↓")),
    bind(S::PersonPopup, DOWN, A::Down, None),
    bind(
        S::PersonPopup,
        &[k(KeyCode::Enter), ch(' ')],
        A::ChangePerson,
        Some("Enter"),
    ),
    bind(S::PersonPopup, LEFT, A::Left, Some("←→")),
    bind(S::PersonPopup, RIGHT, A::Right, None),
    bind(S::PersonPopup, &[ctrl('s')], A::SaveProfile, Some("^S")),
    bind(
        S::PersonPopup,
        &[k(KeyCode::Esc), ch('P')],
        A::ClosePerson,
        Some("Esc"),
    ),
];

/// The rows of `scope`, in table order.
pub fn rows(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scope == scope)
}

/// What `key` does where the focus is (`scopes`, in the order they are tried).
pub fn action(scopes: &[Scope], key: &KeyEvent) -> Option<Action> {
    scopes.iter().find_map(|scope| {
        rows(*scope)
            .find(|b| b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.action)
    })
}

/// A key-bar hint: the key(s), and what they do.
pub type KeyHint = (&'static str, &'static str);

/// The key bar where the focus is: the shown rows of `scopes`, in order.
pub fn hints(scopes: &[Scope]) -> Vec<KeyHint> {
    scopes
        .iter()
        .flat_map(|scope| rows(*scope))
        .filter_map(|b| b.bar.map(|keys| (keys, b.action.short())))
        .collect()
}

/// One line of the help: keys and what they do, or (empty keys) a section title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub what: String,
}

/// The help: each scope's rows under its title. Rows of one action in a scope are one line,
/// and so are neighbouring rows the key bar names alike ("move: up, down"); a line already
/// given in an earlier section is not repeated.
pub fn help_lines() -> Vec<HelpLine> {
    let mut out = Vec::new();
    let mut seen: Vec<HelpLine> = Vec::new();
    for scope in Scope::ALL {
        // (short word, actions, key names) per line
        let mut lines: Vec<(&str, Vec<Action>, Vec<String>)> = Vec::new();
        for row in rows(*scope) {
            let names = row.keys.iter().map(Key::name);
            let short = row.action.short();
            match lines
                .iter_mut()
                .find(|(_, actions, _)| actions.contains(&row.action))
            {
                Some((_, _, keys)) => keys.extend(names),
                None => match lines.last_mut() {
                    Some((last, actions, keys)) if *last == short => {
                        actions.push(row.action);
                        keys.extend(names);
                    }
                    _ => lines.push((short, vec![row.action], names.collect())),
                },
            }
        }
        let lines: Vec<HelpLine> = lines
            .into_iter()
            .map(|(short, actions, keys)| HelpLine {
                keys: keys.join(" "),
                what: match actions.as_slice() {
                    [one] => one.description().to_string(),
                    many => strings::help_merged(
                        short,
                        &many.iter().map(|a| a.description()).collect::<Vec<_>>(),
                    ),
                },
            })
            .filter(|line| {
                let new = !seen.contains(line);
                if new {
                    seen.push(line.clone());
                }
                new
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        out.push(HelpLine {
            keys: String::new(),
            what: strings::scope_title(*scope).to_string(),
        });
        out.extend(lines);
    }
    out
}
