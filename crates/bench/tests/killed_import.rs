//! An import killed with SIGKILL part-way leaves the store exactly as it was,
//! and intact.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

fn bench() -> Command {
    Command::new(env!("CARGO_BIN_EXE_posventa-bench"))
}

fn check(store: &std::path::Path) -> String {
    let out = bench().arg("check-store").arg(store).output().unwrap();
    assert!(out.status.success(), "check-store failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn a_killed_import_leaves_the_store_unchanged_and_intact() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("pedidos.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
    writeln!(file, "order_number,order_date,customer_name,customer_email,product,quantity,unit_price").unwrap();
    for i in 0..150_000 {
        writeln!(file, "{},2024-05-01,Cliente {},c{}@example.es,Botas,1,49.90", i / 2, i / 6, i / 6).unwrap();
    }
    drop(file);
    let store = dir.path().join("store");
    let first = dir.path().join("first.csv");
    std::fs::write(&first, "name,email\nLucía,lucia@example.es\n").unwrap();
    assert!(bench().arg("import-once").arg(&first).arg(&store).status().unwrap().success());
    let before = check(&store);

    let mut child = bench().arg("crash-import-child").arg(&csv).arg(&store).stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "started", "the import must be under way before the kill");
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "the import must have been killed, not have finished");

    let after = check(&store);
    assert!(after.starts_with("integrity=ok foreign_key_errors=0"), "the store must pass integrity checks: {after}");
    assert_eq!(after, before, "a killed import must leave no half-imported orders");
}
