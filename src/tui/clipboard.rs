//! Copying to the clipboard through the terminal: an OSC 52 sequence carries the text, base64
//! encoded, to the terminal, which puts it on the system clipboard. It works over ssh and in
//! tmux (with `set-clipboard on`); terminals that do not support it, or have it turned off,
//! ignore it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// The text of an OSC 52 sequence made by [`osc52`], or `None` for anything else.
pub fn decode_osc52(sequence: &str) -> Option<String> {
    let payload = sequence.strip_prefix("\x1b]52;c;")?.strip_suffix('\x07')?;
    String::from_utf8(STANDARD.decode(payload).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_goes_through_base64_and_back() {
        let text = "warning d-above-ul\nhttps://ods.od.nih.gov/ — 100 µg";
        let sequence = osc52(text);
        assert!(sequence.starts_with("\x1b]52;c;"));
        assert!(!sequence[1..].contains('\x1b'));
        assert_eq!(decode_osc52(&sequence).as_deref(), Some(text));
    }
}
