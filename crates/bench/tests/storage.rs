//! A full disk and a read-only data folder, for real: a small tmpfs mounted
//! in a private mount namespace (`unshare`, no privileges needed beyond a
//! user namespace), with the store on it.

use std::process::Command;

fn in_namespace(script: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script, "sh"])
        .arg(dir.path())
        .arg(env!("CARGO_BIN_EXE_posventa-bench"))
        .output()
        .expect("unshare (util-linux) runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

#[test]
fn a_full_disk_refuses_the_write_by_name_and_loses_nothing_committed() {
    let out = in_namespace(r#"mount -t tmpfs -o size=1m tmpfs "$1" && exec "$2" disk-full "$1""#);
    let fields: Vec<&str> = out.split_whitespace().collect();
    assert_eq!(fields[0], "refused_with=disk_full", "{out}");
    let committed = fields[1].strip_prefix("committed=").unwrap();
    assert!(committed.parse::<u32>().unwrap() > 0, "some customers fitted: {out}");
    assert_eq!(fields[2], format!("after_reopen={committed}"), "every committed customer is still there: {out}");
    assert_eq!(fields[3], "integrity=ok", "{out}");
}

#[test]
fn a_read_only_data_folder_is_refused_by_name_and_left_untouched() {
    let out = in_namespace(
        r#"mount -t tmpfs -o size=4m tmpfs "$1" && "$2" make-store "$1" && mount -o remount,ro "$1" && exec "$2" read-only "$1""#,
    );
    assert!(
        out.starts_with("refused_with=read_only ") || out.starts_with("refused_with=data_dir "),
        "a clear code the UI translates, not a generic failure: {out}"
    );
    assert!(out.trim_end().ends_with("file_unchanged=true"), "{out}");
}
