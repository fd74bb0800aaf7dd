//! The seed's `MachineStateStorage`: `state:<machine>` holds a machine's
//! latest state and `root:<stateRoot>` the state by its root. The seed
//! writes the two with separate puts; storectl writes them in one batch.
//! Keys `state:<machine>:<anything>` are the machine's sub-keys.

use super::block::required_state_root;
use crate::store::codec::compact_json;
use crate::store::json;
use crate::store::{BatchOperation, ScanRange, StorageService};
use crate::{Result, StoreError};
use std::collections::BTreeMap;

/// A machine state checked and ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidState {
    /// The state's `stateRoot`.
    pub state_root: String,
    /// The state's `machineId`, when it carries one.
    pub machine_id: Option<String>,
    /// The state as compact JSON text.
    pub json: String,
}

/// Checks a state's JSON: an object with a non-empty string `stateRoot`.
pub fn validate_state(text: &str) -> std::result::Result<ValidState, String> {
    let json = compact_json(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let members = json::members(&json)
        .map_err(|e| format!("not valid JSON: {e}"))?
        .ok_or("a state must be a JSON object")?;
    let (state_root, _) = required_state_root(&members)?;
    let machine_id = members
        .iter()
        .rev()
        .find(|(n, _)| n == "machineId")
        .and_then(|(_, raw)| json::decode_string(raw));
    Ok(ValidState {
        state_root,
        machine_id,
        json,
    })
}

/// Refuses a machine id that is empty or holds `:` (it would read as a
/// sub-key), and a state whose `machineId` names another machine.
pub fn check_machine(machine: &str, state: &ValidState) -> Result<()> {
    if machine.is_empty() || machine.contains(':') {
        return Err(StoreError::bad_input(format!(
            "machine id {machine:?} must be non-empty and contain no ':'"
        )));
    }
    if let Some(id) = state.machine_id.as_deref().filter(|id| *id != machine) {
        return Err(StoreError::bad_input(format!(
            "the state's machineId is {id:?}, not {machine:?}"
        )));
    }
    Ok(())
}

/// The user key of a machine's latest state.
pub fn state_key(machine: &str) -> Vec<u8> {
    format!("state:{machine}").into_bytes()
}

/// The user key of a state by root.
pub fn root_key(root: &str) -> Vec<u8> {
    format!("root:{root}").into_bytes()
}

/// A machine found under `state:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineSummary {
    /// The machine id.
    pub machine: String,
    /// The `stateRoot` of `state:<machine>`, when that key exists and
    /// holds one, as its JSON text (exactly as stored).
    pub state_root: Option<String>,
    /// Why `state:<machine>` could not be read, when it could not.
    pub problem: Option<String>,
    /// Whether `state:<machine>` itself exists.
    pub has_state: bool,
    /// How many `state:<machine>:*` sub-keys exist.
    pub sub_keys: u64,
}

/// A stored state by root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootEntry {
    /// The root named by the key `root:<root>`.
    pub root: String,
    /// The state's `machineId`, when it carries one.
    pub machine_id: Option<String>,
    /// The stored bytes.
    pub state: Vec<u8>,
}

/// Machine states over a [`StorageService`].
pub struct MachineStateStorage<'a> {
    storage: &'a mut StorageService,
}

impl<'a> MachineStateStorage<'a> {
    /// States in `storage`'s namespace.
    pub fn new(storage: &'a mut StorageService) -> Self {
        MachineStateStorage { storage }
    }

    /// A machine's latest state.
    pub fn get_latest(&mut self, machine: &str) -> Result<Option<Vec<u8>>> {
        self.storage.get(&state_key(machine))
    }

    /// A state by its root.
    pub fn get_by_root(&mut self, root: &str) -> Result<Option<Vec<u8>>> {
        self.storage.get(&root_key(root))
    }

    /// Saves a machine's state and its root entry in one atomic write.
    /// A state whose `machineId` names another machine is refused.
    pub fn save(&mut self, machine: &str, state: &ValidState) -> Result<()> {
        check_machine(machine, state)?;
        self.storage.batch(&[
            BatchOperation::Put {
                key: state_key(machine),
                value: state.json.clone().into_bytes(),
            },
            BatchOperation::Put {
                key: root_key(&state.state_root),
                value: state.json.clone().into_bytes(),
            },
        ])
    }

    /// Every machine under `state:` with its latest root and sub-key count.
    /// Machine ids are the text between `state:` and the next `:`; memory
    /// grows with the number of machines, not keys.
    pub fn machines(&mut self) -> Result<Vec<MachineSummary>> {
        let mut machines: BTreeMap<String, MachineSummary> = BTreeMap::new();
        for item in self.storage.scan(&ScanRange::prefix("state:"))? {
            let (key, value) = item?;
            let rest = String::from_utf8_lossy(&key["state:".len()..]).into_owned();
            let (machine, is_sub_key) = match rest.split_once(':') {
                Some((machine, _)) => (machine.to_string(), true),
                None => (rest, false),
            };
            let entry = machines.entry(machine.clone()).or_insert(MachineSummary {
                machine,
                state_root: None,
                problem: None,
                has_state: false,
                sub_keys: 0,
            });
            if is_sub_key {
                entry.sub_keys += 1;
            } else {
                entry.has_state = true;
                match std::str::from_utf8(&value).map(json::members) {
                    Ok(Ok(Some(members))) => {
                        entry.state_root = members
                            .iter()
                            .rev()
                            .find(|(n, _)| n == "stateRoot")
                            .map(|(_, raw)| raw.to_string());
                    }
                    Ok(Ok(None)) => entry.problem = Some("not a JSON object".into()),
                    Ok(Err(e)) => entry.problem = Some(format!("not JSON: {e}")),
                    Err(_) => entry.problem = Some("not UTF-8 text".into()),
                }
            }
        }
        Ok(machines.into_values().collect())
    }

    /// Streams the stored states by root, optionally only those whose
    /// `machineId` is `machine`.
    pub fn roots(
        &mut self,
        machine: Option<String>,
    ) -> Result<impl Iterator<Item = Result<RootEntry>> + use<>> {
        let entries = self.storage.scan(&ScanRange::prefix("root:"))?;
        Ok(entries.filter_map(move |item| {
            let (key, state) = match item {
                Ok(entry) => entry,
                Err(e) => return Some(Err(e)),
            };
            let root = String::from_utf8_lossy(&key["root:".len()..]).into_owned();
            let machine_id = std::str::from_utf8(&state)
                .ok()
                .and_then(|text| json::field(text, "machineId"))
                .and_then(json::decode_string);
            match &machine {
                Some(m) if machine_id.as_deref() != Some(m.as_str()) => None,
                _ => Some(Ok(RootEntry {
                    root,
                    machine_id,
                    state,
                })),
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_states() {
        let ok = validate_state(r#"{"stateRoot":"0x1", "machineId":"m1","x":{}}"#).unwrap();
        assert_eq!(ok.state_root, "0x1");
        assert_eq!(ok.machine_id.as_deref(), Some("m1"));
        assert_eq!(ok.json, r#"{"stateRoot":"0x1","machineId":"m1","x":{}}"#);
        assert!(validate_state(r#"{"x":1}"#)
            .unwrap_err()
            .contains("missing \"stateRoot\""));
        assert!(validate_state(r#"{"stateRoot":5}"#)
            .unwrap_err()
            .contains("string"));
        assert!(validate_state(r#""0x1""#).unwrap_err().contains("object"));
    }
}
