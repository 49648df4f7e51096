//! Posventa started twice on the same data: the second launch hands over to
//! the open window and quits, so the store is never opened by two processes.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{App, app_binary, log_dir, wait_until_gone};

/// The app binary started the way a double-click starts it, on `data_dir`.
fn launch_directly(data_dir: &std::path::Path) -> Child {
    Command::new(app_binary())
        .env(posventa_app::DATA_DIR_ENV, data_dir)
        .env("LANG", "es_ES.UTF-8")
        .env("LC_ALL", "es_ES.UTF-8")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the app binary starts")
}

/// How many times the open app logged a second launch.
fn handovers_logged() -> usize {
    let Ok(entries) = std::fs::read_dir(log_dir()) else { return 0 };
    entries
        .flatten()
        .map(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap_or_default()).into_owned())
        .map(|text| text.matches(posventa_app::SECOND_LAUNCH_LOG).count())
        .sum()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_focuses_the_open_window_instead_of_opening_the_store_again() {
    let app = App::launch("es_ES.UTF-8").await;
    app.text_when("[data-testid=nav-customers]", |t| t == "Clientes").await;
    let before = handovers_logged();

    let mut second = launch_directly(app.data_dir());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            panic!("the second launch kept running beside the first");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "the second launch quits cleanly: {status}");
    let mut said = String::new();
    second.stdout.take().unwrap().read_to_string(&mut said).unwrap();
    assert!(!said.contains("store open at"), "the second launch opened the store:\n{said}");

    // The open app heard of it, and its window still answers.
    let deadline = Instant::now() + Duration::from_secs(10);
    while handovers_logged() == before {
        assert!(Instant::now() < deadline, "the open app never heard of the second launch");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.click("[data-testid=nav-complaints]").await;
    app.text_when("h1", |t| !t.is_empty() && t != "Clientes").await;
    let data = app.quit().await;

    // Once the first has quit, a launch opens the store itself: what the
    // assertion on its output above would have caught.
    wait_until_gone(data.path()).await;
    let mut alone = launch_directly(data.path());
    let mut out = alone.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut chunk = [0u8; 4096];
        while let Ok(n) = out.read(&mut chunk) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&chunk[..n]);
            if String::from_utf8_lossy(&seen).contains("store open at") {
                return true;
            }
        }
        false
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while !reader.is_finished() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = alone.kill();
    let _ = alone.wait();
    assert!(reader.join().unwrap(), "a lone launch opens the store (and says so)");
}
