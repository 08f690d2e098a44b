//! Running as a service: the systemd unit in `contrib/systemd` passes `systemd-analyze verify`
//! without a warning (where systemd-analyze is installed), and `/healthz` answers 503 while the
//! database cannot be reached and 200 again once it can (SQLite: the file removed and put back;
//! PostgreSQL: the database dropped under the running server).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{db, http_get, Server};

/// `systemd-analyze verify` of `unit`: (success, what it said).
fn verify(unit: &Path) -> (bool, String) {
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(unit)
        .output()
        .expect("run systemd-analyze");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

#[test]
fn the_systemd_unit_verifies_without_a_warning() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: systemd-analyze is not installed here, the unit file is not verified");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(repo.join("contrib/systemd/kurzgefasst.service")).unwrap();
    // What the unit must say: its own user, its state directory, the sandbox, restarts.
    for line in [
        "DynamicUser=yes",
        "StateDirectory=kurzgefasst",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "Restart=on-failure",
        "Environment=KURZGEFASST_DB=/var/lib/kurzgefasst/kurzgefasst.db",
        "ExecStart=/usr/local/bin/kurzgefasst serve --log-format json",
    ] {
        assert!(
            text.lines().any(|l| l.trim() == line),
            "the unit lacks {line:?}"
        );
    }
    // verify checks that ExecStart's program exists: point it at the binary just built.
    let dir = tempfile::tempdir().unwrap();
    let unit = dir.path().join("kurzgefasst.service");
    std::fs::write(
        &unit,
        text.replace(
            "/usr/local/bin/kurzgefasst",
            env!("CARGO_BIN_EXE_kurzgefasst"),
        ),
    )
    .unwrap();
    let (ok, said) = verify(&unit);
    assert!(ok, "systemd-analyze verify failed:\n{said}");
    assert!(
        said.trim().is_empty(),
        "systemd-analyze verify warned:\n{said}"
    );
    // The check can fail: a unit with a misspelt key and a wrong value is reported.
    let bad = dir.path().join("bad.service");
    std::fs::write(
        &bad,
        text.replace(
            "/usr/local/bin/kurzgefasst",
            env!("CARGO_BIN_EXE_kurzgefasst"),
        )
        .replace("ProtectSystem=strict", "ProtectSystem=sometimes")
        .replace("NoNewPrivileges=yes", "NoNewPrivilege=yes"),
    )
    .unwrap();
    let (_, said) = verify(&bad);
    assert!(
        said.contains("NoNewPrivilege") && said.contains("sometimes"),
        "{said}"
    );
}

/// Waits until `/healthz` answers `want`.
fn healthz_becomes(server: &Server, want: u16) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let got = http_get(server.addr, "/healthz").unwrap_or((0, String::new()));
        if got.0 == want || Instant::now() > deadline {
            return got;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn healthz_answers_503_while_the_database_cannot_be_reached() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let server = Server::start(&path, &["--role", "web", "--no-default-sources"]);
    assert_eq!(server.get("/healthz"), (200, "ok".to_string()));
    if db::postgres_wanted() {
        // The database dropped under the running server (its connections ended by force).
        let url = db::db_url(&path);
        let name = url.rsplit('/').next().unwrap().to_string();
        db::pg_admin()
            .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .unwrap();
        let (status, body) = healthz_becomes(&server, 503);
        assert_eq!(status, 503, "{body}");
        assert!(body.contains("database"), "{body}");
        return;
    }
    // The file removed (moved away) under the running server: 503.
    let away = dir.path().join("moved-away.db");
    std::fs::rename(&path, &away).unwrap();
    let (status, body) = healthz_becomes(&server, 503);
    assert_eq!(status, 503, "{body}");
    assert_eq!(body.trim(), "database unreachable");
    // Back in place: healthy again (measured both ways).
    std::fs::rename(&away, &path).unwrap();
    assert_eq!(healthz_becomes(&server, 200), (200, "ok".to_string()));
    // A different file at the path is not the database the server has open.
    std::fs::rename(&path, &away).unwrap();
    std::fs::write(&path, b"").unwrap();
    assert_eq!(healthz_becomes(&server, 503).0, 503);
}
