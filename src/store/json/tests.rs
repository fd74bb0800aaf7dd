//! Tests of the JSON reader against serde_json and JSON.parse's rules.

use super::*;
use proptest::prelude::*;

proptest! {
    /// The word-at-a-time line-break test agrees with a byte-wise one.
    #[test]
    fn has_line_break_agrees_with_a_bytewise_scan(
        b in proptest::collection::vec(
            prop_oneof![20 => 0u8..=0xff, 1 => Just(b'\n'), 1 => Just(b'\r')],
            0..64,
        )
    ) {
        prop_assert_eq!(
            has_line_break(&b),
            b.iter().any(|c| matches!(c, b'\n' | b'\r'))
        );
    }

    /// The word-at-a-time digit run stops where a byte-wise one does.
    #[test]
    fn digit_run_stops_where_a_bytewise_scan_does(
        b in proptest::collection::vec(
            prop_oneof![
                8 => b'0'..=b'9',
                1 => any::<u8>(),
                1 => prop_oneof![Just(b'/'), Just(b':'), Just(0x29u8), Just(0x3a), Just(0xb0), Just(0xf9), Just(0xfa)],
            ],
            0..40,
        )
    ) {
        let naive = b.iter().position(|c| !c.is_ascii_digit()).unwrap_or(b.len());
        prop_assert_eq!(scan::digit_run(&b), naive);
    }

    /// The block- and word-at-a-time run finder stops where a byte-wise one does,
    /// whatever the bytes (every byte value near the three stops, at
    /// every offset within a word).
    #[test]
    fn plain_run_stops_where_a_bytewise_scan_does(
        b in proptest::collection::vec(
            prop_oneof![
                20 => 0x20u8..=0xff,
                1 => Just(b'"'),
                1 => Just(b'\\'),
                1 => 0u8..0x20,
            ],
            0..80,
        )
    ) {
        let naive = |ascii: bool| b
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20 || (ascii && c >= 0x80))
            .unwrap_or(b.len());
        prop_assert_eq!(scan::plain_run::<false>(&b), naive(false));
        prop_assert_eq!(scan::plain_run::<true>(&b), naive(true));
    }
}

#[test]
fn decode_str_borrows_only_what_needs_no_decoding() {
    assert!(matches!(
        decode_str(r#""0xab""#),
        Some(Cow::Borrowed("0xab"))
    ));
    assert!(matches!(decode_str(r#""0x\u0061b""#), Some(Cow::Owned(s)) if s == "0xab"));
    assert_eq!(decode_str(r#""a"b""#), None);
    assert_eq!(decode_str("\"a\u{1}\""), None);
    assert_eq!(decode_str("plain"), None);
}

#[test]
fn accepts_what_json_parse_accepts() {
    for ok in [
        "0",
        "-0.5e+3",
        "\"x\\ud83d\"",
        "\"\\udc00\\ud800\"",
        " {\"a\" : [1, {\"b\":null}] } ",
        "[]",
        "{}",
        "true",
        "\"\\u00e9\\/\"",
        "[[[[]]]]",
    ] {
        assert!(validate(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "01",
        "1.",
        "-",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "\"\t\"",
        "\"\\x\"",
        "[1] 2",
        "nul",
        "\"\\u12\"",
        "{\"a\" 1}",
        "[",
        "{",
    ] {
        assert!(validate(bad).is_err(), "{bad}");
    }
}

#[test]
fn any_depth_without_recursion() {
    let deep = "[".repeat(200_000) + &"]".repeat(200_000);
    assert!(validate(&deep).is_ok());
    let deep_obj = "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000);
    assert_eq!(
        field(&deep_obj, "a").map(str::len),
        Some(deep_obj.len() - 6)
    );
    assert!(validate(&deep[1..]).is_err());
}

/// Containers nested across the 64-level words of the scan's stack
/// close in the right order, and a wrong closer at any depth fails.
#[test]
fn mixed_nesting_across_stack_words() {
    for depth in [1, 63, 64, 65, 127, 128, 129, 300] {
        let (mut open, mut close) = (String::new(), String::new());
        for level in 0..depth {
            if level % 3 == 0 {
                open.push_str("{\"k\":");
                close.insert(0, '}');
            } else {
                open.push('[');
                close.insert(0, ']');
            }
        }
        let good = format!("{open}1{close}");
        assert!(validate(&good).is_ok(), "depth {depth}");
        for at in [0, close.len() / 2, close.len() - 1] {
            let mut bad = close.clone().into_bytes();
            bad[at] = if bad[at] == b'}' { b']' } else { b'}' };
            let bad = format!("{open}1{}", String::from_utf8(bad).unwrap());
            assert!(validate(&bad).is_err(), "depth {depth}, closer {at}");
        }
    }
}

/// Stored bytes are JSON only when they are UTF-8: the scan checks
/// UTF-8 inside strings itself, with no pass of its own.
#[test]
fn bytes_that_are_not_utf8_are_not_json() {
    for good in ["\"é日𝄞\"", "{\"名\":[\"ü\"]}", "\"a\\u00e9é\""] {
        assert!(is_json(good.as_bytes()), "{good}");
    }
    let bad: [&[u8]; 7] = [
        b"\"\xff\"",
        b"\"\xc3\"",             // a lead byte without its continuation
        b"\"\xc0\x80\"",         // overlong
        b"\"\xed\xa0\x80\"",     // an encoded surrogate
        b"\"\xf5\x80\x80\x80\"", // above U+10FFFF
        b"[\"a\",\xc3\xa9]",     // non-ASCII outside a string
        b"{\"a\xe6\x97\":1}",    // a character cut by the quote
    ];
    for b in bad {
        assert!(!is_json(b), "{}", String::from_utf8_lossy(b));
    }
}

#[test]
fn pretty_printing_compacts_back_exactly() {
    let compact = "{\"a\":[1,{\"b\":\"x, y: [z]\\ud83d\"},[]],\"c\":{},\"d\":-1.5e3}";
    let pretty = pretty(compact, "  ");
    assert_eq!(
        pretty,
        "{\n    \"a\": [\n      1,\n      {\n        \"b\": \"x, y: [z]\\ud83d\"\n      },\n      []\n    ],\n    \"c\": {},\n    \"d\": -1.5e3\n  }"
    );
    assert!(validate(&pretty).is_ok());
    assert!(is_compact(compact));
    assert!(!is_compact(&pretty));
    let deep = "[".repeat(1000) + &"]".repeat(1000);
    assert!(validate(&super::pretty(&deep, "")).is_ok());
    assert_eq!(depth(&deep), 1000);
    assert_eq!(depth("{\"a\":\"[[[\"}"), 1);
}

#[test]
fn members_fields_and_strings() {
    let text = "{\"stateRoot\":\"x\\ud83d\",\"height\":2,\"h\\u0065ight\":3,\"t\":[1,{}]}";
    assert_eq!(field(text, "stateRoot"), Some("\"x\\ud83d\""));
    assert_eq!(field(text, "height"), Some("3"), "the last duplicate wins");
    assert_eq!(field(text, "t"), Some("[1,{}]"));
    assert_eq!(decode_string("\"x\\ud83d\"").as_deref(), Some("x\u{FFFD}"));
    assert_eq!(
        decode_string("\"\\ud83d\\ude00\\n\"").as_deref(),
        Some("\u{1F600}\n")
    );
    assert_eq!(decode_string("\"a\" "), None);
    assert_eq!(as_u64("42"), Some(42));
    assert_eq!(as_u64("4.0"), None);
    assert_eq!(
        elements("[1, \"a\" ,[2]]").unwrap(),
        Some(vec!["1", "\"a\"", "[2]"])
    );
    assert_eq!(members("[1]").unwrap(), None);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    /// Member names, with and without escapes, decode as serde_json
    /// decodes them.
    #[test]
    fn member_names_agree_with_serde_json(
        names in proptest::collection::vec("([a-z]|\\\\[nt\"/\\\\]|\\\\u00[4-6][0-9a-f]){0,6}", 1..5)
    ) {
        let text = format!(
            "{{{}}}",
            names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("\"{n}\": {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let ours: Vec<String> = members(&text).unwrap().unwrap().into_iter().map(|(n, _)| n).collect();
        let theirs: Vec<String> = names
            .iter()
            .map(|n| serde_json::from_str::<String>(&format!("\"{n}\"")).unwrap())
            .collect();
        proptest::prop_assert_eq!(ours, theirs, "{}", text);
    }

    /// Bytes are JSON exactly when they are UTF-8 text that is JSON
    /// (serde_json agreeing where no lone surrogate escape is involved).
    #[test]
    fn bytes_are_json_when_utf8_text_is(
        b in proptest::collection::vec(
            proptest::sample::select(vec![
                b'"', b'[', b']', b'{', b'}', b':', b',', b'1', b'a', b'\\', b' ',
                0x80, 0xa9, 0xbf, 0xc3, 0xe6, 0xed, 0xf0, 0x9f, 0xff,
            ]),
            0..24,
        )
    ) {
        let as_text = std::str::from_utf8(&b).is_ok_and(|t| validate(t).is_ok());
        proptest::prop_assert_eq!(is_json(&b), as_text);
        if let Ok(text) = std::str::from_utf8(&b) {
            let serde = serde_json::from_str::<&serde_json::value::RawValue>(text).is_ok();
            proptest::prop_assert_eq!(is_json(&b), serde);
        }
    }

    /// Never panics; accepts everything serde_json accepts; members and
    /// pretty printing keep every byte that is not layout.
    #[test]
    fn agrees_with_serde_json(text in "[\\[\\]{}\",:0-9a-z\\\\. \n-]{0,40}") {
        let ours = validate(&text).is_ok();
        let serde = serde_json::from_str::<&serde_json::value::RawValue>(&text).is_ok();
        if serde {
            proptest::prop_assert!(ours, "serde accepts {text:?}");
        }
        if ours {
            let _ = members(&text);
            let _ = elements(&text);
            let compact = crate::store::codec::compact_valid_json(&text);
            proptest::prop_assert_eq!(
                crate::store::codec::compact_valid_json(&pretty(&compact, "  ")),
                compact
            );
        }
    }
}

/// JSON values of every kind, nested, with strings that need escapes and
/// non-ASCII text.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[a-z\"\\\\/\n\t\u{1}é日𝄞 ]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec(("[a-zé\"\\\\]{0,6}", inner), 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    /// What serde_json writes (compact and pretty) is JSON here, an
    /// object's members come out as serde_json's, and after any one byte
    /// is changed the scan agrees with serde_json on whether the bytes are
    /// still JSON (UTF-8 included).
    #[test]
    fn generated_documents_and_their_mutants_agree_with_serde_json(
        value in any_json(),
        pretty in any::<bool>(),
        at in any::<prop::sample::Index>(),
        byte in prop_oneof![
            Just(b'"'), Just(b'\\'), Just(b'{'), Just(b'}'), Just(b'['), Just(b']'),
            Just(b','), Just(b':'), Just(b' '), Just(b'0'), Just(b'e'), Just(b'-'),
            Just(0x01u8), Just(0x80u8), Just(0xc3u8), Just(0xe6u8), Just(0xffu8),
        ],
    ) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        prop_assert!(is_json(text.as_bytes()), "{text}");
        if let serde_json::Value::Object(map) = &value {
            let ours = members(&text).unwrap().unwrap();
            prop_assert_eq!(ours.len(), map.len());
            for ((name, raw), (serde_name, serde_value)) in ours.iter().zip(map) {
                prop_assert_eq!(name, serde_name);
                let parsed: serde_json::Value = serde_json::from_str(raw).unwrap();
                prop_assert_eq!(&parsed, serde_value);
            }
        }
        let mut mutant = text.into_bytes();
        let i = at.index(mutant.len());
        mutant[i] = byte;
        let serde = serde_json::from_slice::<&serde_json::value::RawValue>(&mutant).is_ok()
            || serde_json::from_slice::<serde_json::Value>(&mutant).is_ok();
        prop_assert_eq!(is_json(&mutant), serde, "{}", String::from_utf8_lossy(&mutant));
    }
}
