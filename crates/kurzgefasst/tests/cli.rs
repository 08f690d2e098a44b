//! The command line as a user lives it: a closed pipe ends it quietly, each command accepts and
//! shows only the options it uses, and `serve`'s log carries no colour codes when it goes to a
//! file (and is JSON with `--log-format json`). Runs the real binary on either engine.

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{http_get, kg, run_ok};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `kurzgefasst sources list | head -1`: the reader takes one line and goes away while the
/// program still has 200 KB to write. It must end by SIGPIPE (141) or with status 0, never with
/// a panic.
#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    // 3,000 sources: the list is far larger than a pipe's buffer, so the program is still
    // writing when the reader closes its end.
    let mut opml = String::from("<opml version=\"2.0\"><body>\n");
    for i in 0..3000 {
        opml.push_str(&format!(
            "<outline type=\"rss\" text=\"Feed {i}\" xmlUrl=\"https://example.org/feeds/{i}.xml\"/>\n"
        ));
    }
    opml.push_str("</body></opml>\n");
    let file = dir.path().join("feeds.opml");
    std::fs::write(&file, opml).unwrap();
    run_ok(kg(&db).args(["sources", "import"]).arg(&file));

    for args in [&["sources", "list"][..], &["sources", "export"][..]] {
        let mut child = kg(&db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader (and with it the pipe's only read end) is gone here.
        assert!(!first.is_empty(), "{args:?}: no first line");
        let out = child.wait_with_output().unwrap();
        let err = text(&out.stderr);
        assert!(
            out.status.success() || out.status.signal() == Some(libc_sigpipe()),
            "{args:?} ended with {:?}: {err}",
            out.status
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
    // The same list read to its end is whole: the pipe, not the program, cut it short.
    let all = run_ok(kg(&db).args(["sources", "list"]));
    assert_eq!(text(&all.stdout).lines().count(), 3000);
}

/// SIGPIPE's number on Linux.
fn libc_sigpipe() -> i32 {
    13
}

/// `--help` of `args` (German locale: clap's own texts stay English).
fn help(args: &[&str]) -> String {
    let out = run_ok(
        Command::new(env!("CARGO_BIN_EXE_kurzgefasst"))
            .args(args)
            .arg("--help"),
    );
    text(&out.stdout)
}

#[test]
fn each_command_shows_only_the_options_it_uses() {
    let serve = help(&["serve"]);
    for opt in [
        "--db",
        "--tz",
        "--host-interval-ms",
        "--allow-private-addresses",
        "--llm-url",
        "--llm-model",
        "--log-format",
        "--listen",
        "--verbose",
    ] {
        assert!(serve.contains(opt), "serve --help lacks {opt}:\n{serve}");
    }
    let fetch = help(&["fetch"]);
    for opt in ["--db", "--host-interval-ms", "--timeout", "--llm-url"] {
        assert!(fetch.contains(opt), "fetch --help lacks {opt}:\n{fetch}");
    }
    for opt in ["--listen", "--log-format", "--tz"] {
        assert!(!fetch.contains(opt), "fetch --help shows {opt}:\n{fetch}");
    }
    let add = help(&["sources", "add"]);
    assert!(
        add.contains("--db") && add.contains("--host-interval-ms"),
        "{add}"
    );
    assert!(
        !add.contains("--llm"),
        "sources add --help shows LLM options:\n{add}"
    );
    let list = help(&["sources", "list"]);
    assert!(list.contains("--db") && list.contains("--tz"), "{list}");
    for opt in ["--llm", "--timeout", "--host-interval-ms", "--allow-host"] {
        assert!(
            !list.contains(opt),
            "sources list --help shows {opt}:\n{list}"
        );
    }
    let tldr = help(&["tldr"]);
    assert!(
        tldr.contains("--tz") && tldr.contains("--timeout"),
        "{tldr}"
    );
    assert!(!tldr.contains("--db") && !tldr.contains("--llm"), "{tldr}");
    let bench = help(&["bench", "ingest"]);
    assert!(
        bench.contains("--host-interval-ms") && bench.contains("--sources-at-once"),
        "{bench}"
    );
    for opt in ["--db", "--llm", "--tz", "--allow-private"] {
        assert!(
            !bench.contains(opt),
            "bench ingest --help shows {opt}:\n{bench}"
        );
    }
    let password = help(&["admin", "set-password"]);
    assert!(password.contains("--db"), "{password}");
    assert!(!password.contains("--host-interval-ms") && !password.contains("--llm"));
    // The groups are headed, so a long list stays readable.
    assert!(
        serve.contains("Language model") && serve.contains("Fetching"),
        "{serve}"
    );
}

#[test]
fn an_option_without_effect_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let cases: &[&[&str]] = &[
        &["bench", "ingest", "--db", "sqlite:///tmp/x.db"],
        &[
            "sources",
            "add",
            "--llm-url",
            "http://127.0.0.1:9/v1",
            "https://example.org/feed.xml",
        ],
        &["sources", "list", "--timeout", "5"],
        &["tldr", "--db", "sqlite:///tmp/x.db", "page.html"],
        &["extract", "--llm-url", "http://127.0.0.1:9/v1", "page.html"],
        &[
            "migrate",
            "--from",
            "a",
            "--to",
            "b",
            "--host-interval-ms",
            "0",
        ],
        &["admin", "token", "x", "--allow-private-addresses"],
        // Options live with their commands: not before them.
        &["--db", "sqlite:///tmp/x.db", "sources", "list"],
    ];
    for args in cases {
        let out = kg(&db).args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?} was accepted");
        let err = text(&out.stderr);
        // One language: the German locale gets a German sentence, nothing of clap's English.
        assert!(
            err.starts_with("Fehler: Die Option „--")
                && err.contains("gibt es bei diesem Befehl nicht"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("unexpected argument") && !err.contains("Usage"),
            "{args:?}: {err}"
        );
        // An English locale gets clap's own English message.
        let out = kg(&db)
            .args(*args)
            .env("LANG", "en_US.UTF-8")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?} was accepted");
        let err = text(&out.stderr);
        assert!(err.contains("unexpected argument"), "{args:?}: {err}");
    }
    // A command that does not exist, in German.
    let out = kg(&db).arg("abrufen").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Den Befehl „abrufen“ gibt es nicht."));
    // Nothing was written by the refused commands (the database was never created).
    assert!(!db.exists() || common::db::postgres_wanted());
    // The environment still works for the commands that use it (`kg` sets KURZGEFASST_DB and
    // KURZGEFASST_ALLOW_PRIVATE for every command, also for those without such options).
    run_ok(kg(&db).args(["sources", "add", "--no-check", "https://example.org/f.xml"]));
    let list = run_ok(kg(&db).args(["sources", "list", "--tz", "UTC"]));
    assert!(text(&list.stdout).contains("https://example.org/f.xml"));
    let out = kg(&db)
        .args(["sources", "list", "--tz", "Mars/Olympus"])
        .output()
        .unwrap();
    assert!(text(&out.stderr).contains("unbekannte Zeitzone"));
}

#[test]
fn log_colour_only_on_a_terminal_and_never_with_no_color() {
    use kurzgefasst::cli::log_colour;
    use std::ffi::OsStr;
    assert!(log_colour(true, None));
    assert!(log_colour(true, Some(OsStr::new(""))));
    assert!(!log_colour(true, Some(OsStr::new("1"))));
    assert!(!log_colour(false, None));
    assert!(!log_colour(false, Some(OsStr::new("1"))));
}

/// Starts `serve --role web` with its standard error in a file, waits until it answers, stops
/// it, and returns what it logged.
fn serve_log(extra: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let log = dir.path().join("serve.log");
    let addr = common::free_addr();
    let mut cmd = kg(&db);
    cmd.args(["serve", "--role", "web", "--no-default-sources", "--listen"])
        .arg(addr.to_string())
        .args(extra)
        .env("RUST_LOG", "info")
        .env_remove("NO_COLOR")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !matches!(http_get(addr, "/healthz"), Ok((200, _))) {
        assert!(Instant::now() < deadline, "serve did not come up");
        assert!(child.try_wait().unwrap().is_none(), "serve exited early");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A request that logs nothing itself; then stop with SIGTERM (graceful).
    let _ = http_get(addr, "/");
    unsafe_kill_term(child.id());
    let _ = child.wait();
    std::fs::read_to_string(&log).unwrap()
}

fn unsafe_kill_term(pid: u32) {
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
}

#[test]
fn the_log_in_a_file_has_no_colour_and_json_on_request() {
    let plain = serve_log(&[], &[]);
    assert!(plain.contains("listening"), "{plain}");
    assert!(
        !plain.contains('\u{1b}'),
        "escape codes in the log: {plain:?}"
    );

    let json = serve_log(&["--log-format", "json"], &[]);
    let lines: Vec<&str> = json.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "no log");
    let mut listening = false;
    for line in &lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        assert!(
            v["level"].is_string() && v["timestamp"].is_string(),
            "{line}"
        );
        listening |= v["fields"]["message"] == "listening";
    }
    assert!(listening, "{json}");
    assert!(!json.contains('\u{1b}'));

    // The environment variable does the same (for a unit file).
    let env = serve_log(&[], &[("KURZGEFASST_LOG_FORMAT", "json")]);
    assert!(
        env.lines()
            .all(|l| l.trim().is_empty() || l.starts_with('{')),
        "{env}"
    );
}

/// On a terminal (a pseudo-terminal from util-linux's `script`) the log is coloured, and with
/// NO_COLOR it is not: `fetch` of a source nobody answers logs a warning.
#[test]
fn the_log_on_a_terminal_is_coloured_unless_no_color() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: util-linux `script` is not installed, no pseudo-terminal to test on");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    let dead = common::free_addr();
    run_ok(kg(&db).args([
        "sources",
        "add",
        "--no-check",
        &format!("http://{dead}/feed"),
    ]));
    let on_terminal = |no_color: Option<&str>| {
        // `kg` supplies the environment (database, locale); `script` runs the binary on a pty.
        let env = kg(&db);
        let mut c = Command::new("script");
        c.args([
            "-qec",
            &format!("{} fetch", env!("CARGO_BIN_EXE_kurzgefasst")),
            "/dev/null",
        ]);
        for (k, v) in env.get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        match no_color {
            Some(v) => c.env("NO_COLOR", v),
            None => c.env_remove("NO_COLOR"),
        };
        text(&c.output().unwrap().stdout)
    };
    let coloured = on_terminal(None);
    assert!(coloured.contains("poll failed"), "{coloured:?}");
    // The level in yellow, as tracing colours a warning.
    assert!(coloured.contains("\u{1b}[33m WARN"), "{coloured:?}");
    let plain = on_terminal(Some("1"));
    assert!(plain.contains("poll failed"), "{plain:?}");
    assert!(
        !plain.contains("\u{1b}[33m"),
        "colour despite NO_COLOR: {plain:?}"
    );
    assert!(
        !plain.contains("\u{1b}[2m"),
        "dimmed text despite NO_COLOR: {plain:?}"
    );
}
