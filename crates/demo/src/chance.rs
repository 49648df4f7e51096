//! Small helpers over the seeded generator, so tables read as data.

use fastrand::Rng;

pub fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

/// Picks from `(item, weight)` pairs.
pub fn weighted<'a, T>(rng: &mut Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    &items[items.len() - 1].0
}

/// True with the given probability in percent (fractions allowed).
pub fn percent(rng: &mut Rng, chance: f64) -> bool {
    rng.f64() * 100.0 < chance
}

/// `count` random decimal digits.
pub fn digits(rng: &mut Rng, count: usize) -> String {
    (0..count).map(|_| rng.digit(10)).collect()
}

/// `count` random upper-case letters and digits.
pub fn alphanumeric(rng: &mut Rng, count: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    (0..count).map(|_| char::from(*pick(rng, CHARS))).collect()
}

pub fn letters(rng: &mut Rng, count: usize) -> String {
    (0..count).map(|_| rng.uppercase()).collect()
}
