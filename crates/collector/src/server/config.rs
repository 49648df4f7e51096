//! Settings: environment variables, or the same names as `KEY=value` lines
//! in a file given with `--config` (the format of systemd's
//! `EnvironmentFile=` and `docker run --env-file`, so one file serves all
//! three). The environment wins over the file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::token::Keys;

struct Setting {
    key: &'static str,
    default: &'static str,
    help: &'static str,
}

const SECRET: &str = "POSVENTA_COLLECTOR_SECRET";

const SETTINGS: &[Setting] = &[
    Setting {
        key: SECRET,
        default: "",
        help: "Required. The shop's shared secret: the 64 hex characters shown in the app \
               (Settings → Email → Response collector). Keep it out of shell history and \
               world-readable files.",
    },
    Setting {
        key: "POSVENTA_COLLECTOR_LISTEN",
        default: "127.0.0.1:8088",
        help: "Address and port to listen on (plain HTTP; put an HTTPS reverse proxy in front). \
               Port 0 picks a free port; the address is printed on the first line of stdout.",
    },
    Setting {
        key: "POSVENTA_COLLECTOR_DATA_DIR",
        default: "data",
        help: "Folder for the collector's SQLite file (created if missing).",
    },
    Setting {
        key: "POSVENTA_COLLECTOR_PUBLIC_URL",
        default: "",
        help: "The collector's public https address as links use it, e.g. \
               https://encuestas.example.com or https://example.com/collector. Forms post \
               there; when empty they post to a path relative to the page, which works \
               behind any proxy that keeps the path.",
    },
    Setting {
        key: "POSVENTA_COLLECTOR_BURST_WINDOW",
        default: "120s",
        help: "Scanner rule: different scores of one link opened within this window of each \
               other, and not confirmed, count as nothing. Units: ms, s, m, h.",
    },
    Setting {
        key: "POSVENTA_COLLECTOR_SETTLE_WINDOW",
        default: "30m",
        help: "Scanner rule: an unconfirmed lone score becomes an answer after this long \
               without another click on the link.",
    },
    Setting {
        key: "POSVENTA_COLLECTOR_RATE_PER_MINUTE",
        default: "120",
        help: "Requests per minute allowed per client address, on average; over it the \
               answer is 429. 0 turns rate limiting off.",
    },
    Setting {
        key: "POSVENTA_COLLECTOR_RATE_BURST",
        default: "60",
        help: "Requests a client may make at once before the per-minute rate applies.",
    },
    Setting {
        key: "POSVENTA_COLLECTOR_TRUST_FORWARDED_FOR",
        default: "false",
        help: "true behind a reverse proxy that sets X-Forwarded-For: the rate limit then \
               applies to the address the proxy appended (the last one). Leave false when \
               clients reach the collector directly, or anyone could pick their address.",
    },
];

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub keys: Keys,
    /// Without a trailing slash.
    pub public_url: Option<String>,
    pub burst_window: Duration,
    pub settle_window: Duration,
    /// 0 = no limit.
    pub rate_per_minute: u32,
    pub rate_burst: u32,
    pub trust_forwarded_for: bool,
}

/// What the command line asked for.
pub enum Command {
    Run(Box<Config>),
    Help,
    Version,
}

pub fn help() -> String {
    let mut out = String::from(
        "posventa-collector: receives survey answers and unsubscribes from email links\n\
         and keeps them until the Posventa app pulls them (docs/collector-protocol.md).\n\n\
         Usage: posventa-collector [--config FILE]\n\n\
         Options:\n  --config FILE  read settings from FILE: KEY=value lines, # comments\n  \
         --help         this text\n  --version      the version\n\n\
         Settings (environment variables, or keys in the --config file; the environment wins):\n",
    );
    for s in SETTINGS {
        let default = if s.default.is_empty() { String::new() } else { format!(" (default {})", s.default) };
        let _ = writeln!(out, "\n  {}{default}", s.key);
        let mut line = String::from("     ");
        for word in s.help.split_whitespace() {
            if line.len() + word.len() > 78 {
                let _ = writeln!(out, "{line}");
                line = String::from("     ");
            }
            line.push(' ');
            line.push_str(word);
        }
        let _ = writeln!(out, "{line}");
    }
    out.push_str("\nStops cleanly on SIGTERM or Ctrl-C.\n");
    out
}

/// `args` without the program name; `env` reads one environment variable.
pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Command, String> {
    let mut file = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--config" => file = Some(args.next().ok_or("--config needs a file name")?.clone()),
            other => match other.strip_prefix("--config=") {
                Some(path) => file = Some(path.to_owned()),
                None => return Err(format!("unknown argument {other:?} (see --help)")),
            },
        }
    }
    let from_file = match file {
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("cannot read the config file {path}: {e}"))?;
            parse_file(&text).map_err(|e| format!("{path}: {e}"))?
        }
        None => HashMap::new(),
    };
    let get = |key: &str| -> String {
        let default = SETTINGS.iter().find(|s| s.key == key).map_or("", |s| s.default);
        env(key).or_else(|| from_file.get(key).cloned()).unwrap_or_else(|| default.to_owned()).trim().to_owned()
    };

    let secret = get(SECRET);
    if secret.is_empty() {
        return Err(format!(
            "{SECRET} is not set. Copy the 64 hex characters from the app (Settings → Email → \
             Response collector) into that environment variable or the --config file."
        ));
    }
    let keys = Keys::from_secret_hex(&secret).map_err(|e| format!("{SECRET}: {e}"))?;
    let listen = get("POSVENTA_COLLECTOR_LISTEN");
    let listen = listen
        .parse()
        .map_err(|_| format!("POSVENTA_COLLECTOR_LISTEN: {listen:?} is not an address:port such as 127.0.0.1:8088"))?;
    let public_url = get("POSVENTA_COLLECTOR_PUBLIC_URL");
    let public_url = if public_url.is_empty() {
        None
    } else if public_url.starts_with("https://") || public_url.starts_with("http://") {
        Some(public_url.trim_end_matches('/').to_owned())
    } else {
        return Err(format!("POSVENTA_COLLECTOR_PUBLIC_URL: {public_url:?} must start with https://"));
    };
    let duration = |key: &str| parse_duration(&get(key)).map_err(|e| format!("{key}: {e}"));
    let number =
        |key: &str| get(key).parse::<u32>().map_err(|_| format!("{key}: {:?} is not a whole number", get(key)));
    let trust = get("POSVENTA_COLLECTOR_TRUST_FORWARDED_FOR");
    let trust_forwarded_for = match trust.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => true,
        "false" | "0" | "no" | "" => false,
        _ => return Err(format!("POSVENTA_COLLECTOR_TRUST_FORWARDED_FOR: {trust:?} is not true or false")),
    };
    Ok(Command::Run(Box::new(Config {
        listen,
        data_dir: PathBuf::from(get("POSVENTA_COLLECTOR_DATA_DIR")),
        keys,
        public_url,
        burst_window: duration("POSVENTA_COLLECTOR_BURST_WINDOW")?,
        settle_window: duration("POSVENTA_COLLECTOR_SETTLE_WINDOW")?,
        rate_per_minute: number("POSVENTA_COLLECTOR_RATE_PER_MINUTE")?,
        rate_burst: number("POSVENTA_COLLECTOR_RATE_BURST")?.max(1),
        trust_forwarded_for,
    })))
}

fn parse_file(text: &str) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let (key, value) = line.split_once('=').ok_or_else(|| format!("line {}: expected KEY=value", i + 1))?;
        let key = key.trim();
        if !SETTINGS.iter().any(|s| s.key == key) {
            return Err(format!("line {}: unknown setting {key:?} (see --help)", i + 1));
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        out.insert(key.to_owned(), value.to_owned());
    }
    Ok(out)
}

/// "120s", "30m", "1h", "500ms"; a bare number is seconds.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().map_err(|_| format!("{text:?} is not a duration such as 120s or 30m"))?;
    Ok(match unit.trim() {
        "ms" => Duration::from_millis(n),
        "" | "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n * 60),
        "h" => Duration::from_secs(n * 3600),
        _ => return Err(format!("{text:?}: the unit must be ms, s, m or h")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    fn run(args: &[&str], env: &[(&str, &str)]) -> Result<Config, String> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let env: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        match parse(&args, |k| env.get(k).cloned())? {
            Command::Run(config) => Ok(*config),
            _ => Err("not a run".into()),
        }
    }

    #[test]
    fn defaults_with_only_the_secret() {
        let config = run(&[], &[(SECRET, SECRET_HEX)]).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8088");
        assert_eq!(config.burst_window, Duration::from_secs(120));
        assert_eq!(config.settle_window, Duration::from_secs(1800));
        assert!(!config.trust_forwarded_for, "trusting X-Forwarded-For must be opt-in");
    }

    #[test]
    fn missing_or_bad_secret_is_refused_with_a_clear_message() {
        let err = run(&[], &[]).unwrap_err();
        assert!(err.contains("POSVENTA_COLLECTOR_SECRET is not set"), "{err}");
        let err = run(&[], &[(SECRET, "1234")]).unwrap_err();
        assert!(err.contains("64 hex"), "{err}");
    }

    #[test]
    fn file_values_and_environment_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("collector.env");
        std::fs::write(
            &path,
            format!(
                "# test\n{SECRET}={SECRET_HEX}\nPOSVENTA_COLLECTOR_SETTLE_WINDOW=\"500ms\"\nexport POSVENTA_COLLECTOR_RATE_PER_MINUTE=5\n"
            ),
        )
        .unwrap();
        let file = path.to_str().unwrap();
        let config = run(&["--config", file], &[("POSVENTA_COLLECTOR_RATE_PER_MINUTE", "7")]).unwrap();
        assert_eq!(config.settle_window, Duration::from_millis(500));
        assert_eq!(config.rate_per_minute, 7, "the environment must win over the file");
        std::fs::write(&path, "POSVENTA_COLLECTOR_TYPO=1\n").unwrap();
        assert!(run(&["--config", file], &[]).unwrap_err().contains("unknown setting"), "typos must not pass silently");
    }

    #[test]
    fn help_names_every_setting() {
        let text = help();
        for s in SETTINGS {
            assert!(text.contains(s.key), "--help must explain {}", s.key);
        }
    }
}
