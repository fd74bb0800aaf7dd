//! verify's states check, key by key: a `root:<root>` entry holds a state
//! whose `stateRoot` is its root; a machine's `state:<machine>` holds a
//! state whose root has a `root:` entry (looked up once the scan stops).

use super::verify::{lossy, truncated, Check, Lookup, VerifyReport};
use crate::store::json;
use std::borrow::Cow;

/// A key the states check looks at.
pub(super) enum StateKey<'k> {
    /// `root:<root>`.
    Root(&'k [u8]),
    /// `state:<machine>` (not a sub-key: no further colon).
    Machine,
}

impl<'k> StateKey<'k> {
    pub(super) fn of(key: &'k [u8]) -> Option<StateKey<'k>> {
        if let Some(root) = key.strip_prefix(b"root:") {
            return Some(StateKey::Root(root));
        }
        key.strip_prefix(b"state:")
            .is_some_and(|m| !m.contains(&b':'))
            .then_some(StateKey::Machine)
    }
}

/// `stateRoot` of a JSON object value, decoded (as UTF-8 bytes): `None`
/// when the value is not a JSON object, `Some(None)` when it has no string
/// `stateRoot`. One pass, nothing collected.
pub(super) fn state_root_of(value: &[u8]) -> Option<Option<Cow<'_, [u8]>>> {
    // The last member of the name counts, as in JSON.parse.
    let mut root = None;
    let is_object = json::visit_member_bytes(value, |m| {
        if m.is_named("stateRoot") {
            root = Some(m);
        }
        true
    })
    .ok()?;
    is_object.then(|| root.and_then(|m| m.string()))
}

/// A state value that is not a JSON object: reported unless the values
/// check already said it is not JSON.
fn not_a_state(key: &[u8], value: &[u8], not_json_reported: bool, report: &mut VerifyReport) {
    if !not_json_reported {
        report.add_with(Check::States, key, || {
            format!("holds {}, not a JSON object (a state)", truncated(value))
        });
    }
}

/// A `root:<root>` entry's checks; `state_root` is [`state_root_of`] its value.
pub(super) fn check_root(
    key: &[u8],
    root: &[u8],
    value: &[u8],
    state_root: Option<Option<Cow<'_, [u8]>>>,
    not_json_reported: bool,
    report: &mut VerifyReport,
) {
    let Some(state_root) = state_root else {
        not_a_state(key, value, not_json_reported, report);
        return;
    };
    // Compared as bytes: the seed's key is `root:` + the stateRoot's UTF-8.
    match state_root.as_deref() {
        Some(r) if r == root => {}
        Some(r) => report.add_with(Check::States, key, || {
            format!(
                "holds a state whose stateRoot is {}, not {}",
                lossy(r),
                lossy(root)
            )
        }),
        None => report.add(
            Check::States,
            key,
            "holds a state without a string stateRoot",
        ),
    }
}

/// A machine state's own checks; the lookup of its root entry, when it
/// names one.
pub(super) fn state_lookup(
    key: &[u8],
    value: &[u8],
    state_root: Option<Option<Cow<'_, [u8]>>>,
    not_json_reported: bool,
    report: &mut VerifyReport,
) -> Option<Lookup> {
    let Some(state_root) = state_root else {
        not_a_state(key, value, not_json_reported, report);
        return None;
    };
    match state_root {
        Some(root) => Some(Lookup::Root(lossy(&root).into_owned())),
        None => {
            report.add(Check::States, key, "state has no string stateRoot");
            None
        }
    }
}
