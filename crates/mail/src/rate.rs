//! The per-relay sending rate: per second and per hour, applied at the
//! moment of sending (a message waits for its slot right before MAIL FROM).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

const HOUR: Duration = Duration::from_secs(3600);

pub struct RateLimiter {
    spacing: Option<Duration>,
    per_hour: usize,
    next: Instant,
    last_hour: VecDeque<Instant>,
}

impl RateLimiter {
    /// `recent`: when messages went out during the last hour (so a restart
    /// does not reset the hourly budget).
    pub fn new(per_second: f64, per_hour: u32, recent: Vec<Instant>) -> Self {
        let spacing = (per_second > 0.0).then(|| Duration::from_secs_f64(1.0 / per_second));
        RateLimiter { spacing, per_hour: per_hour as usize, next: Instant::now(), last_hour: recent.into() }
    }

    /// Reserves the next slot and returns when it begins.
    pub fn reserve(&mut self) -> Instant {
        let now = Instant::now();
        let mut at = now.max(self.next);
        if self.per_hour > 0 {
            while self.last_hour.front().is_some_and(|t| *t + HOUR <= at) {
                self.last_hour.pop_front();
            }
            if self.last_hour.len() >= self.per_hour
                && let Some(oldest) = self.last_hour.pop_front()
            {
                at = at.max(oldest + HOUR);
            }
            self.last_hour.push_back(at);
        }
        if let Some(spacing) = self.spacing {
            self.next = at + spacing;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_spaced_by_the_rate() {
        let mut r = RateLimiter::new(10.0, 0, Vec::new());
        let a = r.reserve();
        let b = r.reserve();
        assert!(b - a >= Duration::from_millis(99), "10 per second means 100 ms apart");
    }

    #[test]
    fn the_hourly_budget_waits_for_the_oldest_to_age() {
        let start = Instant::now();
        let mut r = RateLimiter::new(0.0, 2, vec![start, start]);
        assert!(r.reserve() >= start + HOUR, "a third message in the same hour waits for the first to age out");
    }

    #[test]
    fn zero_means_no_limit() {
        let mut r = RateLimiter::new(0.0, 0, Vec::new());
        let now = Instant::now();
        for _ in 0..1000 {
            assert!(r.reserve() <= now + Duration::from_millis(50));
        }
    }
}
