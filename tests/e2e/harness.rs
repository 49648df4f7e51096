//! Starts the real app through `tauri-driver` + `WebKitWebDriver` and hands
//! the test a WebDriver session on it, with a fresh data folder.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

pub struct App {
    pub driver: WebDriver,
    data_dir: Option<tempfile::TempDir>,
    tauri_driver: Child,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The app under test: the build's binary, or an installed one
/// (`POSVENTA_E2E_BINARY=/usr/bin/posventa`, as the installer check runs it).
pub fn app_binary() -> PathBuf {
    match std::env::var_os("POSVENTA_E2E_BINARY") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_posventa")),
    }
}

/// Where the app writes its log file (tauri-plugin-log's default folder).
pub fn log_dir() -> PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".local/share"))
        .join("app.posventa.desktop/logs")
}

pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl App {
    /// Launches the app binary with the system locale `lang` (e.g. `es_ES.UTF-8`).
    pub async fn launch(lang: &str) -> App {
        Self::launch_with(lang, tempfile::tempdir().unwrap(), &[]).await
    }

    /// `env` reaches the app: e.g. the file its "choose file" dialog returns.
    pub async fn launch_with(lang: &str, data_dir: tempfile::TempDir, env: &[(&str, &str)]) -> App {
        // WebDriver speaks HTTP through reqwest, built (like the app's) without
        // a default crypto provider.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let port = free_port();
        let native_port = free_port();
        let tauri_driver = Command::new("tauri-driver")
            // Own process group, so quitting also stops the WebKitWebDriver it starts.
            .process_group(0)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            // WebKitWebDriver starts the app, so the app inherits this environment.
            .env(posventa_app::DATA_DIR_ENV, data_dir.path())
            .env("LANG", lang)
            .env("LC_ALL", lang)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect(
                "tauri-driver must be installed (`cargo install tauri-driver --version ^2 --locked`) \
                 with WebKitWebDriver (Debian package webkit2gtk-driver); scripts/test installs both",
            );
        let url = format!("http://127.0.0.1:{port}");
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app_binary() }));
        let deadline = Instant::now() + Duration::from_secs(60);
        let driver = loop {
            match WebDriver::new(&url, caps.clone()).await {
                Ok(driver) => break driver,
                Err(err) if Instant::now() < deadline => {
                    let _ = err;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(err) => panic!("the app window did not come up through tauri-driver: {err}"),
            }
        };
        App { driver, data_dir: Some(data_dir), tauri_driver }
    }

    pub async fn el(&self, css: &str) -> WebElement {
        self.driver
            .query(By::Css(css))
            .wait(Duration::from_secs(15), Duration::from_millis(100))
            .first()
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Clicks as a person would, with the element scrolled to the middle of
    /// the window first: at the very bottom edge a click could land on
    /// nothing and be lost without an error.
    pub async fn click(&self, css: &str) {
        let el = self.el(css).await;
        let arg = el.to_json().expect("element reference");
        self.driver.execute("arguments[0].scrollIntoView({ block: 'center' })", vec![arg]).await.expect("scroll");
        el.click().await.unwrap_or_else(|e| panic!("could not click {css}: {e}"));
    }

    /// Replaces the value of the input named `name` with `text`, as typed.
    pub async fn type_into(&self, name: &str, text: &str) {
        self.type_into_css(&format!("[name=\"{name}\"]"), text).await;
    }

    /// Waits until the element's text satisfies `check`, and returns it.
    pub async fn text_when(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = self.el(css).await.text().await.unwrap_or_default();
            if check(&text) {
                return text;
            }
            if Instant::now() > deadline {
                panic!("{css} never showed the expected text; last seen: {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A screenshot once the window has painted: right after the DOM is
    /// ready, a loaded machine can still hand back a blank frame (a few KB).
    pub async fn screenshot_painted(&self, name: &str, min_bytes: u64) -> PathBuf {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let path = self.screenshot(name).await;
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            if size > min_bytes || Instant::now() > deadline {
                return path;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let path = artifacts_dir().join(name);
        self.driver.screenshot(&path).await.unwrap();
        path
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            self.data_dir().join("posventa.sqlite3"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap()
    }

    /// Closes the window and stops the drivers; returns the data folder so a
    /// test can start the app again on the same store.
    pub async fn quit(mut self) -> tempfile::TempDir {
        let _ = self.driver.clone().quit().await;
        self.data_dir.take().expect("data folder")
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.as_ref().expect("data folder").path()
    }
}

/// Also on a failed assertion: a driver left running would keep the test
/// run's output open and hang CI.
impl Drop for App {
    fn drop(&mut self) {
        let group = format!("-{}", self.tauri_driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.tauri_driver.wait();
    }
}

impl App {
    /// Replaces the field's value as a person would: select all, delete,
    /// type. WebDriver's `clear()` empties the DOM without an input event, so
    /// a React re-render in between put the old value back and the new text
    /// was appended to it ("lucia@@examplelucia@example.es").
    pub async fn type_into_css(&self, css: &str, text: &str) {
        let input = self.el(css).await;
        input.send_keys(Key::Control + "a").await.unwrap();
        input.send_keys(Key::Backspace).await.unwrap();
        input.send_keys(text).await.unwrap();
        let typed = input.prop("value").await.unwrap().unwrap_or_default();
        assert_eq!(typed, text, "{css} must hold exactly what was typed");
    }
}

impl App {
    /// The element that has the keyboard focus.
    pub async fn focused(&self) -> WebElement {
        self.driver.active_element().await.expect("a focused element")
    }

    /// Types into whatever has the focus, as a keyboard-only user does.
    pub async fn keys(&self, keys: impl Into<thirtyfour::TypingData>) {
        self.focused().await.send_keys(keys).await.expect("keys reach the focused element");
    }

    /// Presses Tab until the element with `id` has the focus.
    pub async fn tab_to(&self, id: &str) {
        for _ in 0..15 {
            if self.focused().await.id().await.ok().flatten().as_deref() == Some(id) {
                return;
            }
            self.keys(Key::Tab).await;
        }
        panic!("Tab never reached #{id}");
    }

    /// Kills the app with SIGKILL, as a crash or a power cut would, and
    /// returns its data folder for a restart.
    pub async fn kill(mut self) -> tempfile::TempDir {
        let dir = self.data_dir.take().expect("data folder");
        let pids = app_pids(dir.path());
        assert!(!pids.is_empty(), "the app's process was not found");
        for pid in &pids {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while !app_pids(dir.path()).is_empty() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        dir
    }
}

/// Waits until no app process runs on `data_dir` any more.
pub async fn wait_until_gone(data_dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !app_pids(data_dir).is_empty() {
        assert!(Instant::now() < deadline, "the app on {} did not quit", data_dir.display());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Processes of this app binary started on `data_dir`.
fn app_pids(data_dir: &Path) -> Vec<u32> {
    let binary = std::fs::canonicalize(app_binary()).unwrap();
    let marker = format!("{}={}", posventa_app::DATA_DIR_ENV, data_dir.display());
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary))
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == marker.as_bytes()))
        })
        .collect()
}
