//! Exact decimal numbers for normalized figures.
//!
//! Binary floating point cannot hold `86213.29 × 10⁴` exactly
//! (f64 gives 862132899.9999999); a decimal mantissa with a scale can.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// `mantissa × 10^-scale`, always normalized (no trailing zeros in the fraction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// More fraction digits than any article needs; keeps every operation far from overflow.
const MAX_SCALE: u32 = 12;

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    pub fn new(mantissa: i128, scale: u32) -> Decimal {
        Decimal { mantissa, scale }.normalized()
    }

    pub fn from_int(n: i128) -> Decimal {
        Decimal::new(n, 0)
    }

    fn normalized(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        if self.mantissa == 0 {
            self.scale = 0;
        }
        self
    }

    /// Parses ASCII `123`, `-1.5`, `0.27`; thousands separators must already be removed.
    pub fn parse(s: &str) -> Option<Decimal> {
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        if int.len() + frac.len() > 30 || frac.len() as u32 > MAX_SCALE {
            return None;
        }
        let mut mantissa: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        Some(Decimal::new(
            if neg { -mantissa } else { mantissa },
            frac.len() as u32,
        ))
    }

    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    pub fn is_integer(self) -> bool {
        self.scale == 0
    }

    pub fn scale(self) -> u32 {
        self.scale
    }

    /// `self × 10^exp`; `None` on overflow.
    pub fn shift(self, exp: i32) -> Option<Decimal> {
        if exp >= 0 {
            let exp = exp as u32;
            if exp <= self.scale {
                Some(Decimal::new(self.mantissa, self.scale - exp))
            } else {
                let factor = 10i128.checked_pow(exp - self.scale)?;
                Some(Decimal::new(self.mantissa.checked_mul(factor)?, 0))
            }
        } else {
            let scale = self.scale + exp.unsigned_abs();
            (scale <= MAX_SCALE + 8).then(|| Decimal::new(self.mantissa, scale))
        }
    }

    fn aligned(self, other: Decimal) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = other
            .mantissa
            .checked_mul(10i128.checked_pow(scale - other.scale)?)?;
        Some((a, b, scale))
    }

    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let (a, b, scale) = self.aligned(other)?;
        Some(Decimal::new(a.checked_add(b)?, scale))
    }

    pub fn checked_sub(self, other: Decimal) -> Option<Decimal> {
        self.checked_add(Decimal::new(-other.mantissa, other.scale))
    }

    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        let mantissa = self.mantissa.checked_mul(other.mantissa)?;
        let scale = self.scale + other.scale;
        let d = Decimal { mantissa, scale }.normalized();
        // Round away excess precision (only reachable with long fractions).
        if d.scale > MAX_SCALE {
            let cut = 10i128.pow(d.scale - MAX_SCALE);
            return Some(Decimal::new(d.mantissa / cut, MAX_SCALE));
        }
        Some(d)
    }

    /// `self / other` rounded half away from zero to `places` fraction digits,
    /// and whether that is the exact quotient (`1/4` is, `1/3` is not).
    pub fn div_rounded(self, other: Decimal, places: u32) -> Option<(Decimal, bool)> {
        if other.is_zero() || places > MAX_SCALE {
            return None;
        }
        let (a, b, _) = self.aligned(other)?;
        let negative = (a < 0) != (b < 0);
        let (a, b) = (a.checked_abs()?, b.checked_abs()?);
        let num = a.checked_mul(10i128.checked_pow(places)?)?;
        let (mut q, r) = (num / b, num % b);
        if r.checked_mul(2)? >= b {
            q += 1;
        }
        let q = if negative { -q } else { q };
        Some((Decimal::new(q, places), r == 0))
    }

    pub fn to_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// The integer part and the fraction digits (without sign), as strings.
    fn parts(self) -> (String, String) {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return (digits, String::new());
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        (int.to_string(), frac.to_string())
    }

    /// Formats with thousands separators and at least `min_frac` fraction digits:
    /// `862132900` with 2 → `862,132,900.00`.
    pub fn grouped(self, min_frac: usize) -> String {
        let (int, mut frac) = self.parts();
        let mut out = String::new();
        if self.mantissa < 0 {
            out.push('-');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        while frac.len() < min_frac {
            frac.push('0');
        }
        if !frac.is_empty() {
            out.push('.');
            out.push_str(&frac);
        }
        out
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = self.parts();
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        f.write_str(&int)?;
        if !frac.is_empty() {
            write!(f, ".{frac}")?;
        }
        Ok(())
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.aligned(*other) {
            Some((a, b, _)) => a.cmp(&b),
            None => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

/// Serialized as a JSON number: integers exactly, fractions through their
/// shortest decimal representation.
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.scale == 0 {
            if let Ok(n) = i64::try_from(self.mantissa) {
                return serializer.serialize_i64(n);
            }
        }
        serializer.serialize_f64(self.to_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn wan_yuan_is_exact() {
        let v = d("86213.29").shift(4).unwrap();
        assert_eq!(v.to_string(), "862132900");
        assert_eq!(v.grouped(2), "862,132,900.00");
        assert_eq!(serde_json::to_string(&v).unwrap(), "862132900");
    }

    #[test]
    fn parse_and_display() {
        assert_eq!(d("0.27").to_string(), "0.27");
        assert_eq!(d("1.50").to_string(), "1.5");
        assert_eq!(d(".5").to_string(), "0.5");
        assert_eq!(d("0.5").shift(12).unwrap().to_string(), "500000000000");
        assert_eq!(d("-3").grouped(0), "-3");
        assert!(Decimal::parse("1.2.3").is_none());
        assert!(Decimal::parse("").is_none());
        assert!(Decimal::parse("1e5").is_none());
    }

    #[test]
    fn arithmetic_and_order() {
        assert_eq!(d("0.1").checked_add(d("0.2")).unwrap(), d("0.3"));
        assert_eq!(d("9").checked_mul(d("0.1")).unwrap(), d("0.9"));
        assert!(d("6.26").shift(8).unwrap() > d("6").shift(8).unwrap());
        assert_eq!(d("5").shift(-1).unwrap(), d("0.5"));
        assert_eq!(d("10").checked_sub(d("0.5")).unwrap(), d("9.5"));
    }
}
