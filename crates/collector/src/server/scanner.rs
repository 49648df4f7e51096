//! The scanner rule (docs/collector-protocol.md, "Scanner rule"): which of a
//! link's unconfirmed score clicks, if any, counts as the answer. Pure, so
//! the rule is tested apart from time and storage.

/// One opened score link (a GET), in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Click {
    pub score: u8,
    pub at_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A click is more recent than the settle window: decide later.
    Wait,
    /// Settled, and no click counts (every burst had different scores).
    Nothing,
    /// Settled: this score counts, as of its last click.
    Answer { score: u8, at_ms: i64 },
}

/// `clicks` are one reference's unconfirmed clicks, oldest first.
///
/// The first click opens a burst window; clicks within `burst_ms` of it
/// belong to it, and the first click after it opens the next one. A window
/// with two or more different scores is a scanner (or someone clicking
/// through) and counts for nothing. Once `settle_ms` have passed since the
/// last click, the latest window with a single score is the answer.
pub fn decide(clicks: &[Click], now_ms: i64, burst_ms: i64, settle_ms: i64) -> Outcome {
    let Some(last) = clicks.last() else { return Outcome::Nothing };
    if now_ms - last.at_ms < settle_ms {
        return Outcome::Wait;
    }
    let mut answer = Outcome::Nothing;
    let mut rest = clicks;
    while let Some(first) = rest.first() {
        let len = rest.iter().take_while(|c| c.at_ms - first.at_ms <= burst_ms).count();
        let (window, after) = rest.split_at(len);
        if window.iter().all(|c| c.score == first.score) {
            answer = Outcome::Answer { score: first.score, at_ms: window[len - 1].at_ms };
        }
        rest = after;
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    const BURST: i64 = 120_000;
    const SETTLE: i64 = 1_800_000;

    fn clicks(list: &[(u8, i64)]) -> Vec<Click> {
        list.iter().map(|&(score, at_ms)| Click { score, at_ms }).collect()
    }

    #[test]
    fn a_lone_click_counts_once_settled() {
        let c = clicks(&[(9, 0)]);
        assert_eq!(decide(&c, SETTLE - 1, BURST, SETTLE), Outcome::Wait, "too early to tell a person from a scanner");
        assert_eq!(decide(&c, SETTLE, BURST, SETTLE), Outcome::Answer { score: 9, at_ms: 0 });
    }

    #[test]
    fn double_clicks_of_one_score_are_one_answer() {
        let c = clicks(&[(9, 0), (9, 300), (9, 90_000)]);
        assert_eq!(decide(&c, 90_000 + SETTLE, BURST, SETTLE), Outcome::Answer { score: 9, at_ms: 90_000 });
    }

    #[test]
    fn a_scanner_burst_counts_for_nothing() {
        let c: Vec<Click> = (0..=10).map(|s| Click { score: s, at_ms: i64::from(s) * 50 }).collect();
        assert_eq!(decide(&c, 10 * 50 + SETTLE, BURST, SETTLE), Outcome::Nothing);
    }

    #[test]
    fn each_new_click_restarts_the_settle_window() {
        let c = clicks(&[(9, 0), (7, 1_000_000)]);
        assert_eq!(decide(&c, SETTLE + 10, BURST, SETTLE), Outcome::Wait);
        assert_eq!(
            decide(&c, 1_000_000 + SETTLE, BURST, SETTLE),
            Outcome::Answer { score: 7, at_ms: 1_000_000 },
            "a later lone click is a changed mind"
        );
    }

    /// Safe Links and the like open every link on delivery; the customer's
    /// own click minutes later must still count.
    #[test]
    fn a_lone_click_after_a_scanner_burst_counts() {
        let mut c: Vec<Click> = (0..=10).map(|s| Click { score: s, at_ms: i64::from(s) }).collect();
        c.push(Click { score: 8, at_ms: 600_000 });
        assert_eq!(decide(&c, 600_000 + SETTLE, BURST, SETTLE), Outcome::Answer { score: 8, at_ms: 600_000 });
    }

    #[test]
    fn a_later_scanner_burst_does_not_erase_a_lone_click() {
        let mut c = clicks(&[(8, 0)]);
        c.extend((0..=10).map(|s| Click { score: s, at_ms: 600_000 + i64::from(s) }));
        assert_eq!(decide(&c, 600_010 + SETTLE, BURST, SETTLE), Outcome::Answer { score: 8, at_ms: 0 });
    }

    #[test]
    fn the_window_is_measured_from_its_first_click() {
        // 7 at 0 and 8 at 121 s are separate windows; 8 is the latest lone one.
        let c = clicks(&[(7, 0), (8, 121_000)]);
        assert_eq!(decide(&c, 121_000 + SETTLE, BURST, SETTLE), Outcome::Answer { score: 8, at_ms: 121_000 });
        let c = clicks(&[(7, 0), (8, 120_000)]);
        assert_eq!(decide(&c, 120_000 + SETTLE, BURST, SETTLE), Outcome::Nothing, "120 s is still within");
    }
}
