//! Numbers as people read them in messages: "12,000", "7,142.86", "0.5".

/// Formats a number with thousands separators and at most two decimals (four below 0.1), with
/// trailing zeros dropped, so that 12000 reads "12,000" and 1/7 reads "0.1429".
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Absurd magnitudes (typos, garbage) read better as 1e300 than as 300 digits.
    if value.abs() >= 1e15 {
        return format!("{value:e}");
    }
    let decimals = if value != 0.0 && value.abs() < 0.1 {
        4
    } else {
        2
    };
    let text = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (text.clone(), String::new()),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if value < 0.0 && (grouped != "0" || !frac_part.is_empty()) {
        "-"
    } else {
        ""
    };
    if frac_part.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac_part}")
    }
}

#[cfg(test)]
mod tests {
    use super::number;

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
    }
}
