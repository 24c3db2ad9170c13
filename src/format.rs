//! Numbers as people read them in messages ("12,000", "7,142.86", "0.5"), as they type them
//! ("12,000", "37,5"), and as files and edit boxes hold them ("12000", "0.5").

/// Formats a number with thousands separators and at most two decimals (four below 0.1), with
/// trailing zeros dropped, so that 12000 reads "12,000" and 1/7 reads "0.1429".
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Absurd magnitudes (typos, garbage) read better as 1e300 than as 300 digits.
    // So do figures so small that four decimals would round them to 0.
    if value.abs() >= 1e15 || (value != 0.0 && value.abs() < 0.00005) {
        return format!("{value:e}");
    }
    let decimals = if value != 0.0 && value.abs() < 0.1 {
        4
    } else {
        2
    };
    let (int_part, frac_part) = match rounded_quickly(value.abs(), decimals) {
        Some(parts) => parts,
        None => {
            let text = format!("{:.*}", decimals, value.abs());
            match text.split_once('.') {
                Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
                None => (text.clone(), String::new()),
            }
        }
    };
    let negative = value < 0.0 && (int_part != "0" || !frac_part.is_empty());
    let mut out = String::with_capacity(int_part.len() * 4 / 3 + frac_part.len() + 2);
    if negative {
        out.push('-');
    }
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(&frac_part);
    }
    out
}

/// The integer and fractional digits (trailing zeros dropped) of `abs` rounded to `decimals`,
/// as `format!("{:.*}")` gives them, without its exact (and slow) decimal expansion: when
/// `abs × 10^decimals` is far from a half, rounding the product gives the same digits. Near a
/// half, where the product's own rounding error could decide, `None` leaves it to `format!`.
fn rounded_quickly(abs: f64, decimals: usize) -> Option<(String, String)> {
    let scale: u64 = if decimals == 4 { 10_000 } else { 100 };
    let scaled = abs * scale as f64;
    // Below 2^40 the product is off by less than 2^-12 from the exact one.
    if !(0.0..1_099_511_627_776.0).contains(&scaled) {
        return None;
    }
    if (scaled - scaled.floor() - 0.5).abs() < 1e-3 {
        return None;
    }
    let n = scaled.round() as u64;
    let frac = n % scale;
    let frac = if frac == 0 {
        String::new()
    } else {
        let digits = format!("{frac:0decimals$}");
        digits.trim_end_matches('0').to_string()
    };
    Some(((n / scale).to_string(), frac))
}

/// Why typed text is not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("enter a number")]
    Empty,
    /// The text, trimmed, that does not read as a number.
    #[error("\"{0}\" is not a number")]
    NotANumber(String),
    /// The text, trimmed, that reads as infinity or NaN ("1e400", "nan").
    #[error("\"{0}\" is not a finite number")]
    NotFinite(String),
}

/// Reads a number the way people type it: "12000", "0.5", "12,000" and "1,234.5" (thousands
/// commas), "37,5" (a decimal comma). Without a point, a comma followed by exactly three digits
/// is a thousands separator and any other comma is the decimal one. Only finite numbers are
/// accepted.
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    let decimal_comma =
        !t.contains('.') && t.rsplit_once(',').is_some_and(|(_, tail)| tail.len() != 3);
    let normalised = if decimal_comma {
        t.replace(',', ".")
    } else {
        t.replace(',', "")
    };
    match normalised.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(NumberError::NotFinite(t.to_string())),
        Err(_) => Err(NumberError::NotANumber(t.to_string())),
    }
}

/// Below this magnitude every whole `f64` is an exact integer (2^53 is about 9.007e15).
const EXACT_INTEGERS_BELOW: f64 = 9.0e15;

/// A whole number as an integer, so that it is written "125" rather than "125.0"; `None` for a
/// number with a fraction, a non-finite one, or one too large to be held exactly.
pub fn whole(value: f64) -> Option<i64> {
    (value.fract() == 0.0 && value.abs() < EXACT_INTEGERS_BELOW).then_some(value as i64)
}

/// A number as files hold it: no thousands separators, whole numbers without a fraction
/// ("125"), others in the shortest form that reads back exactly ("0.14285714285714285").
pub fn plain(value: f64) -> String {
    whole(value).map_or_else(|| value.to_string(), |w| w.to_string())
}

/// A number as it is put in a field to edit: no thousands separators, whole numbers without a
/// fraction ("12000"), others to at most six decimals with trailing zeros dropped ("0.142857").
pub fn plain_for_editing(value: f64) -> String {
    match whole(value) {
        Some(w) => w.to_string(),
        None => {
            let s = format!("{value:.6}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digits as `format!` rounds them, for comparing with [`rounded_quickly`].
    fn rounded_exactly(abs: f64, decimals: usize) -> (String, String) {
        let text = format!("{abs:.decimals$}");
        let (i, f) = text.split_once('.').unwrap_or((&text, ""));
        (i.to_string(), f.trim_end_matches('0').to_string())
    }

    #[test]
    fn quick_rounding_gives_the_digits_format_gives_or_leaves_it_to_format() {
        // Amounts as labels and totals have them, halves and near-halves, and a spread of
        // pseudo-random values across the magnitudes numbers are written at.
        let mut values = vec![
            0.0,
            0.1,
            0.125,
            0.135,
            0.145,
            1.005,
            1.115,
            2.675,
            7_142.857_142_857_143,
            7_142.855,
            12_942.857_142_857,
            0.050_05,
            0.000_15,
            1e10 + 0.005,
            99_999.995,
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mantissa = (x >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = (x % 17) as i32 - 5;
            values.push(mantissa * 10f64.powi(exponent));
            // Values a hair either side of a half at two and four decimals.
            values.push(((x % 1_000_000) as f64 + 0.5) / 100.0);
            values.push(((x % 1_000_000) as f64 + 0.5) / 10_000.0);
        }
        let mut quick_ones = 0;
        for v in &values {
            for decimals in [2, 4] {
                if let Some(quick) = rounded_quickly(*v, decimals) {
                    quick_ones += 1;
                    assert_eq!(quick, rounded_exactly(*v, decimals), "{v:?} at {decimals}");
                }
            }
        }
        // The quick way is the usual one (the near-halves above are a third of the values).
        assert!(
            quick_ones > values.len(),
            "{quick_ones} of {}",
            2 * values.len()
        );
    }

    #[test]
    fn numbers_read_like_a_label() {
        assert_eq!(number(12_000.0), "12,000");
        assert_eq!(number(1_234_567.891), "1,234,567.89");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(1.0 / 7.0), "0.14");
        assert_eq!(number(0.0125), "0.0125");
        assert_eq!(number(-5.0), "-5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(7_142.857_142), "7,142.86");
        assert_eq!(number(1e300), "1e300");
        assert_eq!(number(1e-300), "1e-300");
        assert_eq!(number(0.00004), "4e-5");
        assert_eq!(number(0.00005), "0.0001");
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        assert_eq!(parse_number("12000"), Ok(12_000.0));
        assert_eq!(parse_number(" 0.5 "), Ok(0.5));
        assert_eq!(parse_number("-5"), Ok(-5.0));
        assert_eq!(parse_number(".5"), Ok(0.5));
    }

    #[test]
    fn a_comma_before_three_digits_separates_thousands() {
        assert_eq!(parse_number("12,000"), Ok(12_000.0));
        assert_eq!(parse_number("1,000,000"), Ok(1_000_000.0));
        assert_eq!(parse_number("1,234.5"), Ok(1_234.5));
        assert_eq!(parse_number(" 2,500 "), Ok(2_500.0));
    }

    #[test]
    fn any_other_comma_without_a_point_is_a_decimal_comma() {
        assert_eq!(parse_number("37,5"), Ok(37.5));
        assert_eq!(parse_number("0,25"), Ok(0.25));
        assert_eq!(parse_number("1,2345"), Ok(1.2345));
        assert_eq!(
            parse_number("1,2,3"),
            Err(NumberError::NotANumber("1,2,3".into()))
        );
    }

    #[test]
    fn only_finite_numbers_are_accepted() {
        assert_eq!(parse_number("  "), Err(NumberError::Empty));
        assert_eq!(
            parse_number(" five "),
            Err(NumberError::NotANumber("five".into()))
        );
        assert_eq!(
            parse_number("12abc"),
            Err(NumberError::NotANumber("12abc".into()))
        );
        assert_eq!(
            parse_number("1e400"),
            Err(NumberError::NotFinite("1e400".into()))
        );
        assert_eq!(
            parse_number("nan"),
            Err(NumberError::NotFinite("nan".into()))
        );
        assert_eq!(
            parse_number("-inf"),
            Err(NumberError::NotFinite("-inf".into()))
        );
    }

    #[test]
    fn whole_numbers_are_written_without_a_fraction() {
        assert_eq!(whole(125.0), Some(125));
        assert_eq!(whole(-0.0), Some(0));
        assert_eq!(whole(0.5), None);
        assert_eq!(whole(f64::NAN), None);
        assert_eq!(whole(f64::INFINITY), None);
        assert_eq!(whole(8.9e15), Some(8_900_000_000_000_000));
        assert_eq!(whole(1e16), None, "beyond exact integers");
        assert_eq!(plain(125.0), "125");
        assert_eq!(plain(1e16), "10000000000000000");
        assert_eq!(plain_for_editing(12_000.0), "12000");
    }

    #[test]
    fn fractions_are_written_exactly_in_files_and_shortened_for_editing() {
        assert_eq!(plain(0.5), "0.5");
        assert_eq!(plain(1.0 / 7.0), "0.14285714285714285");
        assert_eq!(plain_for_editing(0.5), "0.5");
        assert_eq!(plain_for_editing(1.0 / 7.0), "0.142857");
        assert_eq!(plain_for_editing(2.999_999_9), "3");
        assert_eq!(plain_for_editing(0.000_000_1), "0");
    }
}
