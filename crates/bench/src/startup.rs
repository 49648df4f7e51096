//! `startup BINARY SELECTOR RUNS`: how long a Tauri app takes from launch
//! to its first painted content, under Xvfb, through tauri-driver and
//! WebKitWebDriver (the same way the end-to-end tests start the app): the
//! clock starts when the WebDriver session is requested (which launches the
//! binary) and stops when `SELECTOR` is in the document and the document
//! has loaded. The drivers' own start is inside the figure, equally for
//! every binary measured.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

use crate::percentile;

type Res = Result<(), Box<dyn std::error::Error>>;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(4444)
}

async fn once(binary: &str, selector: &str) -> Result<f64, Box<dyn std::error::Error>> {
    let data = tempfile::tempdir()?;
    let (port, native) = (free_port(), free_port());
    let mut driver = Command::new("tauri-driver")
        .process_group(0)
        .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
        .env("POSVENTA_DATA_DIR", data.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // The driver listening is not part of the app's start.
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert("tauri:options".into(), serde_json::json!({ "application": binary }));
    let started = Instant::now();
    let session = WebDriver::new(&url, caps).await?;
    let script = format!("return document.readyState === 'complete' && !!document.querySelector({selector:?})");
    let painted = loop {
        if session.execute(&script, vec![]).await?.json().as_bool() == Some(true) {
            break started.elapsed();
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err(format!("{selector} never appeared").into());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let _ = session.quit().await;
    let _ = Command::new("kill").args(["-TERM", "--", &format!("-{}", driver.id())]).status();
    let _ = driver.wait();
    Ok(painted.as_secs_f64() * 1000.0)
}

pub fn measure(args: &[String]) -> Res {
    let [binary, selector, runs] = args else { return Err("startup BINARY SELECTOR RUNS".into()) };
    let runs: usize = runs.parse()?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut ms = Vec::new();
    for run in 0..runs {
        // The drivers of the previous run may still be closing: a refused
        // session is started again from scratch, never timed.
        let mut attempt = 0;
        let took = loop {
            std::thread::sleep(Duration::from_millis(500));
            match rt.block_on(once(binary, selector)) {
                Ok(took) => break took,
                Err(e) if attempt < 3 => {
                    println!("  run {}: the session did not start ({e}); again", run + 1);
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        };
        println!("  run {}: {took:.0} ms", run + 1);
        ms.push(took);
    }
    let first = ms[0];
    let median = percentile(&mut ms, 50.0);
    println!("first_paint_ms={median:.0} first_run_ms={first:.0}");
    Ok(())
}
