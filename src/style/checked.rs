//! Values a layout checks as it is read, so that a wrong one is an error at its line rather than
//! a page drawn wrong: lengths (never negative), type sizes (positive), fractions, and colours
//! (`#1f4e79` or `rgb(31, 78, 121)`; a name such as `blue` is refused with its exact value).
//!
//! Each check is a serde `deserialize_with` function (the TOML reader then points at the value)
//! paired with a schema type for the JSON Schema editors use.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, de::Error};

/// A length in points: finite and not negative.
pub fn length<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    let v = f32::deserialize(d)?;
    if v.is_finite() && v >= 0.0 { Ok(v) } else { Err(D::Error::custom(format!("{v} is not a length: use 0 or more points"))) }
}

/// A type size or leading in points: finite and positive, at most 200.
pub fn size<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    let v = f32::deserialize(d)?;
    if v.is_finite() && v > 0.0 && v <= 200.0 {
        Ok(v)
    } else {
        Err(D::Error::custom(format!("{v} is not a type size: use more than 0 and at most 200 points")))
    }
}

/// A fraction, from 0 to 1.
pub fn fraction<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    let v = f32::deserialize(d)?;
    if (0.0..=1.0).contains(&v) { Ok(v) } else { Err(D::Error::custom(format!("{v} is not a fraction: use 0 to 1"))) }
}

/// The schema of [`length`].
pub struct Length;

impl JsonSchema for Length {
    fn schema_name() -> Cow<'static, str> {
        "Length".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0, "description": "A length in points (1/72 inch), 0 or more." })
    }
}

/// The schema of [`size`].
pub struct Size;

impl JsonSchema for Size {
    fn schema_name() -> Cow<'static, str> {
        "Size".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "exclusiveMinimum": 0, "maximum": 200, "description": "A type size or leading in points." })
    }
}

/// The schema of [`fraction`].
pub struct Fraction;

impl JsonSchema for Fraction {
    fn schema_name() -> Cow<'static, str> {
        "Fraction".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0, "maximum": 1 })
    }
}

/// A colour, read from `#rgb`, `#rrggbb`, `rgb(…)` or `hsl(…)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub [f32; 3]);

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let named = text.trim().chars().all(|c| c.is_ascii_alphabetic());
        match csscolorparser::parse(&text) {
            // A name means different colours to different tools: a layout pins the value.
            Ok(c) if named => {
                Err(D::Error::custom(format!("`{text}` is a colour name; a layout gives exact colours: use \"{}\"", c.to_css_hex())))
            }
            Ok(c) if c.a >= 1.0 => Ok(Color([c.r, c.g, c.b])),
            Ok(_) => Err(D::Error::custom(format!("`{text}` is transparent: a colour on paper is opaque"))),
            Err(_) => Err(D::Error::custom(format!("`{text}` is not a colour: use #rrggbb (as #1f4e79) or rgb(r, g, b)"))),
        }
    }
}

impl JsonSchema for Color {
    fn schema_name() -> Cow<'static, str> {
        "Color".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A colour: #rrggbb, #rgb, rgb(r, g, b) or hsl(h, s%, l%).",
            "pattern": "^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|(rgb|hsl)a?\\(.*\\))$",
            "examples": ["#1f4e79", "rgb(31, 78, 121)"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "length")]
        margin: f32,
        c: Option<Color>,
    }

    #[test]
    fn colours_and_lengths() {
        let e = toml::from_str::<T>("c = \"blue\"").err().unwrap();
        assert!(e.message().contains("\"#0000ff\""), "{e}");
        let t: T = toml::from_str("c = \"rgb(0, 0, 255)\"").unwrap();
        assert_eq!(t.c, Some(Color([0.0, 0.0, 1.0])));
        let t: T = toml::from_str("c = \"#1f4e79\"").unwrap();
        assert!((t.c.unwrap().0[2] - 121.0 / 255.0).abs() < 1e-3);
        let e = toml::from_str::<T>("c = \"bleu\"").err().unwrap();
        assert!(e.message().contains("not a colour"), "{e}");
        let e = toml::from_str::<T>("margin = -5").err().unwrap();
        assert!(e.message().contains("not a length"), "{e}");
        assert_eq!(e.span(), Some(9..11));
        assert_eq!(toml::from_str::<T>("margin = 5").unwrap().margin, 5.0);
    }
}
