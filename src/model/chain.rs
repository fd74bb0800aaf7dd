//! Two chains that disagree: the first height where they diverge (bisect)
//! and cutting a chain back to a height (rewind).

use super::block::{block_key, block_meta_bytes, BlockStorage};
use super::height::{height_key, scan_heights};
use super::state::{root_key, state_key, MachineStateStorage};
use crate::store::json;
use crate::store::{ScanRange, StorageService};
use crate::Result;
use std::sync::mpsc;

/// One side's block at a height.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The hash the height index names (its JSON text decoded).
    pub hash: Option<String>,
    /// The block stored under that hash.
    pub block: Option<Vec<u8>>,
}

fn side(storage: &mut StorageService, height: u64) -> Result<Side> {
    let hash = storage
        .get(&height_key(height))?
        .and_then(|v| std::str::from_utf8(&v).ok().and_then(json::decode_string));
    let block = match &hash {
        Some(h) => storage.get(&block_key(h))?,
        None => None,
    };
    Ok(Side { hash, block })
}

/// Where two chains stop agreeing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bisection {
    /// The chains agree up to the shorter one's head (`None`: one is empty).
    Agree {
        /// The height up to which they were compared.
        up_to: Option<u64>,
        /// Each chain's head.
        heads: (Option<u64>, Option<u64>),
    },
    /// They diverge.
    Diverge {
        /// The greatest height below the divergence (`None` at genesis).
        last_common: Option<u64>,
        /// The first height where they differ.
        first_divergent: u64,
        /// Both sides at that height.
        a: Side,
        /// The other store's side.
        b: Side,
        /// Each chain's head.
        heads: (Option<u64>, Option<u64>),
        /// Point lookups made.
        probes: u64,
    },
}

/// Finds the first height where the chains of `a` and `b` differ (index
/// entry, hash or block bytes), by binary search over heights: O(log n)
/// point reads. A fork is assumed: once the chains differ they differ at
/// every later height (if they agree again later, the answer is a height
/// where they differ, not necessarily the first).
pub fn bisect(a: &mut StorageService, b: &mut StorageService) -> Result<Bisection> {
    // `b` is read on its own thread, from a twin view of the same state,
    // so that each step reads both stores at once.
    let b_twin = b.twin()?;
    std::thread::scope(|scope| {
        let (ask, asked) = mpsc::channel::<u64>();
        let (tell, told) = mpsc::channel::<Result<Reply>>();
        let worker = scope.spawn(move || {
            let mut b = b_twin.open();
            let reply = |r| tell.send(r).is_ok();
            if !reply(BlockStorage::new(&mut b).latest_height().map(Reply::Head)) {
                return;
            }
            for height in asked {
                if !reply(side(&mut b, height).map(Reply::Side)) {
                    return;
                }
            }
        });
        let mut other = OtherSide {
            ask,
            told,
            worker: Some(worker),
        };
        let a_head = BlockStorage::new(a).latest_height();
        let b_head = other.head();
        bisect_with((a_head?, b_head?), a, &mut other)
    })
}

/// What `b`'s thread answers.
enum Reply {
    Head(Option<u64>),
    Side(Side),
}

/// `b`'s side of a bisection, on another thread.
struct OtherSide<'scope> {
    ask: mpsc::Sender<u64>,
    told: mpsc::Receiver<Result<Reply>>,
    worker: Option<std::thread::ScopedJoinHandle<'scope, ()>>,
}

impl OtherSide<'_> {
    fn reply(&mut self) -> Result<Reply> {
        match self.told.recv() {
            Ok(reply) => reply,
            // The thread ended without a reply: it panicked.
            Err(_) => match self.worker.take().map(|w| w.join()) {
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                _ => unreachable!("the worker replies until asked no more"),
            },
        }
    }

    fn head(&mut self) -> Result<Option<u64>> {
        match self.reply()? {
            Reply::Head(head) => Ok(head),
            Reply::Side(_) => unreachable!("the head is the first reply"),
        }
    }

    /// Asks for `b`'s side at `height`; [`Self::side`] collects it.
    fn ask(&mut self, height: u64) {
        // A send fails only when the thread has ended: `side` reports why.
        let _ = self.ask.send(height);
    }

    fn side(&mut self) -> Result<Side> {
        match self.reply()? {
            Reply::Side(side) => Ok(side),
            Reply::Head(_) => unreachable!("one head, first"),
        }
    }
}

fn bisect_with(
    heads: (Option<u64>, Option<u64>),
    a: &mut StorageService,
    b: &mut OtherSide,
) -> Result<Bisection> {
    let (Some(ha), Some(hb)) = heads else {
        return Ok(Bisection::Agree { up_to: None, heads });
    };
    let top = ha.min(hb);
    let mut probes = 0u64;
    let mut both = |h: u64| -> Result<(Side, Side)> {
        probes += 1;
        b.ask(h);
        let a_side = side(a, h)?;
        Ok((a_side, b.side()?))
    };
    let (a_top, b_top) = both(top)?;
    if a_top == b_top {
        return Ok(Bisection::Agree {
            up_to: Some(top),
            heads,
        });
    }
    let (mut lo, mut hi) = (None::<u64>, top);
    let (mut a_hi, mut b_hi) = (a_top, b_top);
    let (a0, b0) = both(0)?;
    if a0 == b0 {
        let mut low = 0;
        while hi - low > 1 {
            let mid = low + (hi - low) / 2;
            let (a_mid, b_mid) = both(mid)?;
            if a_mid == b_mid {
                low = mid;
            } else {
                (hi, a_hi, b_hi) = (mid, a_mid, b_mid);
            }
        }
        lo = Some(low);
    } else {
        (hi, a_hi, b_hi) = (0, a0, b0);
    }
    Ok(Bisection::Diverge {
        last_common: lo,
        first_divergent: hi,
        a: a_hi,
        b: b_hi,
        heads,
        probes,
    })
}

/// The state stored under `root:<stateRoot>` of a block, when both exist.
pub fn state_of_block(
    storage: &mut StorageService,
    block: &Option<Vec<u8>>,
) -> Result<(Option<String>, Option<Vec<u8>>)> {
    let Some(root) = block
        .as_deref()
        .and_then(|b| block_meta_bytes(b).ok())
        .map(|m| m.state_root)
    else {
        return Ok((None, None));
    };
    let state = storage.get(&root_key(&root))?;
    Ok((Some(root), state))
}

/// Top-level members of two JSON objects that differ: (name, a, b) with raw
/// JSON texts (`None` where a side lacks it).
pub fn json_member_diff(a: &[u8], b: &[u8]) -> Vec<(String, Option<String>, Option<String>)> {
    let members = |v: &[u8]| -> Vec<(String, String)> {
        std::str::from_utf8(v)
            .ok()
            .and_then(|t| json::members(t).ok().flatten())
            .map(|m| m.into_iter().map(|(k, v)| (k, v.to_string())).collect())
            .unwrap_or_default()
    };
    let (ma, mb) = (members(a), members(b));
    let mut names: Vec<&String> = ma
        .iter()
        .map(|(k, _)| k)
        .chain(mb.iter().map(|(k, _)| k))
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|n| {
            let va = ma
                .iter()
                .rev()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone());
            let vb = mb
                .iter()
                .rev()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone());
            (va != vb).then(|| (n.clone(), va, vb))
        })
        .collect()
}

/// What rewinding to a height would do.
#[derive(Debug, Clone, Default)]
pub struct RewindPlan {
    /// The height that becomes the latest.
    pub to: u64,
    /// Keys to delete in atomic units: each block with the height entry
    /// naming it, or a lone block or height entry.
    pub units: Vec<Vec<Vec<u8>>>,
    /// Heights removed.
    pub heights: u64,
    /// Blocks removed.
    pub blocks: u64,
    /// The lowest and highest removed heights with their hashes.
    pub first: Option<(u64, String)>,
    /// See `first`.
    pub last: Option<(u64, String)>,
    /// Machines whose state root is not the `stateRoot` of a block at or
    /// below the height: (machine, root).
    pub states_ahead: Vec<(String, String)>,
    /// With `--restore-states`: (machine, root to restore, its state).
    pub restores: Vec<(String, String, Vec<u8>)>,
    /// Machines ahead that no kept block's state names.
    pub cannot_restore: Vec<String>,
}

/// Plans cutting the chain back so that `to` is the latest height.
pub fn plan_rewind(
    storage: &mut StorageService,
    to: u64,
    restore_states: bool,
) -> Result<RewindPlan> {
    let mut plan = RewindPlan {
        to,
        ..RewindPlan::default()
    };
    let mut above: std::collections::BTreeMap<u64, Option<String>> =
        std::collections::BTreeMap::new();
    if let Some(from) = to.checked_add(1) {
        for item in scan_heights(storage, from, u64::MAX, false)? {
            let (h, value) = item?;
            above.insert(
                h,
                std::str::from_utf8(&value)
                    .ok()
                    .and_then(json::decode_string),
            );
        }
    }
    plan.heights = above.len() as u64;
    plan.first = above
        .iter()
        .next()
        .map(|(h, x)| (*h, x.clone().unwrap_or_default()));
    plan.last = above
        .iter()
        .next_back()
        .map(|(h, x)| (*h, x.clone().unwrap_or_default()));
    for item in storage.scan(&ScanRange::prefix("block:"))? {
        let (key, value) = item?;
        let Some(height) = block_meta_bytes(&value)
            .ok()
            .map(|m| m.height)
            .filter(|h| *h > to)
        else {
            continue;
        };
        // As bytes: the index names the key `block:` + the hash's UTF-8.
        let hash = key["block:".len()..].to_vec();
        let mut unit = vec![key];
        if above
            .get(&height)
            .is_some_and(|h| h.as_deref().map(str::as_bytes) == Some(&hash[..]))
        {
            above.remove(&height);
            unit.push(height_key(height));
        }
        plan.blocks += 1;
        plan.units.push(unit);
    }
    plan.units
        .extend(above.into_keys().map(|h| vec![height_key(h)]));
    // Machine states whose root is not a kept block's.
    let machines = MachineStateStorage::new(storage).machines()?;
    for m in machines.into_iter().filter(|m| m.has_state) {
        let Some(root) = m.state_root.as_deref().and_then(json::decode_string) else {
            continue;
        };
        let kept = match storage.get(&block_key(&root))? {
            Some(block) => block_meta_bytes(&block).is_ok_and(|meta| meta.height <= to),
            None => false,
        };
        if kept {
            continue;
        }
        plan.states_ahead.push((m.machine.clone(), root));
        if !restore_states {
            continue;
        }
        // The latest kept block whose state names this machine.
        let mut found = None;
        let mut walk = super::height::HeightWalk::new(storage, 0, to, true);
        while let Some(item) = walk.next() {
            let (_, value) = item?;
            let Some(hash) = std::str::from_utf8(&value)
                .ok()
                .and_then(json::decode_string)
            else {
                continue;
            };
            if let Some(state) = walk.storage_mut().get(&root_key(&hash))? {
                let machine = std::str::from_utf8(&state)
                    .ok()
                    .and_then(|t| json::field(t, "machineId"))
                    .and_then(json::decode_string);
                if machine.as_deref() == Some(m.machine.as_str()) {
                    found = Some((hash, state));
                    break;
                }
            }
        }
        match found {
            Some((hash, state)) => plan.restores.push((m.machine, hash, state)),
            None => plan.cannot_restore.push(m.machine),
        }
    }
    Ok(plan)
}

/// The write that restores a machine's state (`state:<m>`).
pub fn restore_key(machine: &str) -> Vec<u8> {
    state_key(machine)
}
