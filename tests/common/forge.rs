//! Forges a block hash whose fingerprint under verify's former, unkeyed
//! 64-bit function (storectl up to the thirteenth session) equals a given
//! hash's: its steps are bijections, so the last word of a longer string
//! can be solved for. With that function, verify matched a height entry
//! naming the forgery with the real block and called the store
//! consistent.
#![allow(dead_code)]

const MIX: u64 = 0xbf58_476d_1ce4_e5b9;
const FIN1: u64 = 0xff51_afd7_ed55_8ccd;
const FIN2: u64 = 0xc4ce_b9fe_1a85_ec53;

fn mix(h: u64, word: u64) -> u64 {
    let h = (h ^ word).wrapping_mul(MIX);
    h ^ (h >> 31)
}

fn finalise(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(FIN1);
    h ^= h >> 33;
    h = h.wrapping_mul(FIN2);
    h ^ (h >> 33)
}

/// The inverse of an odd number modulo 2^64 (Newton's iteration).
fn inverse(odd: u64) -> u64 {
    let mut x = odd;
    for _ in 0..6 {
        x = x.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(x)));
    }
    x
}

/// The inverse of `x ^ (x >> shift)`.
fn unshift(y: u64, shift: u32) -> u64 {
    let mut x = y;
    for _ in 0..64 / shift + 1 {
        x = y ^ (x >> shift);
    }
    x
}

fn unfinalise(h: u64) -> u64 {
    let h = unshift(h, 33).wrapping_mul(inverse(FIN2));
    let h = unshift(h, 33).wrapping_mul(inverse(FIN1));
    unshift(h, 33)
}

fn word(w: &[u8]) -> u64 {
    u64::from_le_bytes(w.try_into().unwrap())
}

/// The former fingerprint (lowest bit cleared, as verify kept it).
pub fn old_fingerprint(bytes: &[u8]) -> u64 {
    let mut lanes = [
        0x9e37_79b9_7f4a_7c15 ^ bytes.len() as u64,
        0x6a09_e667_f3bc_c908,
        0xbb67_ae85_84ca_a73b,
        0x3c6e_f372_fe94_f82b,
    ];
    let mut stripes = bytes.chunks_exact(32);
    for stripe in &mut stripes {
        for (lane, w) in lanes.iter_mut().zip(stripe.chunks_exact(8)) {
            *lane = mix(*lane, word(w));
        }
    }
    let mut h = lanes.iter().fold(0, |h, &lane| mix(h, finalise(lane)));
    let mut words = stripes.remainder().chunks_exact(8);
    for w in &mut words {
        h = mix(h, word(w));
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        let last = tail
            .iter()
            .rev()
            .fold(0u64, |w, &b| (w << 8) | u64::from(b));
        h = mix(h, last);
    }
    finalise(h) & !1
}

/// A 72-character printable ASCII string (no `"` or `\`), not `hash`,
/// with [`old_fingerprint`] equal to `hash`'s.
pub fn forged_twin(hash: &str) -> String {
    let target = old_fingerprint(hash.as_bytes());
    for attempt in 0u64.. {
        // 64 chosen characters: two stripes, folded.
        let head = format!("0x{:062x}", u128::from(attempt) * 0x9e37_79b9_7f4a_7c15);
        let mut lanes = [
            0x9e37_79b9_7f4a_7c15 ^ 72,
            0x6a09_e667_f3bc_c908,
            0xbb67_ae85_84ca_a73b,
            0x3c6e_f372_fe94_f82b,
        ];
        for stripe in head.as_bytes().chunks_exact(32) {
            for (lane, w) in lanes.iter_mut().zip(stripe.chunks_exact(8)) {
                *lane = mix(*lane, word(w));
            }
        }
        let folded = lanes.iter().fold(0, |h, &lane| mix(h, finalise(lane)));
        // The last word w: finalise(mix(folded, w)) is the target (either
        // lowest bit).
        for want in [target, target | 1] {
            let mixed = unshift(unfinalise(want), 31).wrapping_mul(inverse(MIX));
            let last = (folded ^ mixed).to_le_bytes();
            if last
                .iter()
                .all(|&c| (0x20..0x7f).contains(&c) && c != b'"' && c != b'\\')
            {
                let forged = format!("{head}{}", String::from_utf8(last.to_vec()).unwrap());
                assert_eq!(old_fingerprint(forged.as_bytes()), target);
                assert_ne!(forged, hash);
                return forged;
            }
        }
    }
    unreachable!("the attempts never end")
}
