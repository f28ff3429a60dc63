//! The tier colours, defined once: the dashboard's charts and the exported
//! workbook's charts take them from here; the report's and the window's
//! stylesheets (which a strict CSP keeps static) mirror them, and a test keeps
//! them in step.

use crate::tiering::Tier;

/// A tier's colour as 0xRRGGBB: A orange, B blue, C grey (Excel's accents).
pub const fn tier(t: Tier) -> u32 {
    match t {
        Tier::A => 0xC65911,
        Tier::B => 0x2F75B5,
        Tier::C => 0xA6A6A6,
    }
}

/// The red, green and blue parts of a 0xRRGGBB colour.
pub const fn rgb(c: u32) -> [u8; 3] {
    [(c >> 16) as u8, (c >> 8) as u8, c as u8]
}

/// A colour as CSS writes it (`#c65911`).
pub fn css(c: u32) -> String {
    format!("#{c:06x}")
}

/// CSS custom properties for the tier colours (`--tier-a` …), for stylesheets
/// written once and filled with these values.
pub fn css_vars() -> String {
    Tier::ALL
        .iter()
        .map(|t| format!("--tier-{}: {};", format!("{t:?}").to_lowercase(), css(tier(*t))))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheets_use_the_same_tier_colours() {
        let css_file = include_str!("../../../../ui/src/styles.css");
        for (t, var) in [(Tier::A, "--a"), (Tier::B, "--b")] {
            assert!(css_file.contains(&format!("{var}: {};", css(tier(t)))), "{var}");
        }
        assert!(crate::report::CSS.contains(&format!(".tb-report {{ {} }}", css_vars())));
    }
}
