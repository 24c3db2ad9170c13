//! Whole-process figures: `cargo bench --bench process` (release build).
//!
//! - batch: `labelcheck check --format json DIR` over 1k / 10k / 100k generated labels, in
//!   labels/s, with output size (it should grow linearly), and the ratio to a floor that only
//!   reads and parses the same 10k files in-process;
//! - start-up: `labelcheck check` of one example, wall time;
//! - the TUI through a pseudo-terminal: time to the first frame, CPU used while idle for 5 s,
//!   and peak memory (VmHWM).
//!
//! `cargo bench --bench process -- generate DIR N` only writes N generated labels into DIR.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_labelcheck");

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("generate") {
        let dir = PathBuf::from(args.get(1).map_or("generated-labels", String::as_str));
        let n: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10_000);
        generate(&dir, n);
        println!("wrote {n} labels to {}", dir.display());
        return;
    }
    let root = std::env::temp_dir().join(format!("labelcheck-bench-{}", std::process::id()));
    println!("machine: {} cores; {}", cores(), cpu_model());
    println!();
    println!("| figure | value | target |");
    println!("|---|---|---|");
    let sizes: Vec<usize> = if std::env::var_os("LABELCHECK_BENCH_QUICK").is_some() {
        vec![1_000, 10_000]
    } else {
        vec![1_000, 10_000, 100_000]
    };
    let mut ten_k = None;
    for n in sizes {
        let dir = root.join(n.to_string());
        generate(&dir, n);
        let (secs, bytes) = median_of(3, || batch(&dir));
        println!(
            "| check --format json, {n} labels | {:.3} s, {:.0} labels/s, {:.1} MB of JSON ({:.0} bytes/label) | ≥ 20,000 labels/s |",
            secs,
            n as f64 / secs,
            bytes as f64 / 1e6,
            bytes as f64 / n as f64
        );
        if n == 10_000 {
            ten_k = Some((dir.clone(), secs));
        }
    }
    if let Some((dir, full)) = ten_k {
        let (floor, _) = median_of(3, || (read_and_parse(&dir), 0));
        println!("| read + parse floor, 10,000 labels (in-process) | {floor:.3} s | — |");
        println!("| full check ÷ floor | {:.2}× | ≤ 1.5× |", full / floor);
    }
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/d3-5000-k2-mk7-olive-softgel.toml");
    let startup = median_secs(31, || {
        let _ = Command::new(BIN)
            .arg("check")
            .arg(&example)
            .stdout(Stdio::null())
            .status();
    });
    println!(
        "| start-up: check one example (median of 31) | {:.1} ms | ≤ 10 ms |",
        startup * 1e3
    );
    tui_figures();
    let _ = std::fs::remove_dir_all(&root);
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// Deterministic labels with the variety of real ones: D3/D2 in mcg or IU, K2 forms, minerals,
/// carriers, claims, weekly doses.
fn generate(dir: &Path, n: usize) {
    let mut seed: u64 = 0x5eed;
    let mut next = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    for i in 0..n {
        let folder = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            let _ = std::fs::create_dir_all(&folder);
        }
        let forms = ["softgel", "capsule", "tablet", "drops", "gummy", "chewable"];
        let carriers = [
            "\"extra virgin olive oil\", \"gelatin\"",
            "\"microcrystalline cellulose\"",
            "\"MCT oil\"",
            "\"rice flour\", \"hypromellose\"",
        ];
        let d_amounts = [400.0, 1000.0, 2000.0, 5000.0, 10000.0, 20000.0, 50000.0];
        let mut text = format!(
            "name = \"Generated label {i}\"\nbrand = \"Bench Co\"\nform = \"{}\"\nservings_per_day = {}\nother_ingredients = [{}]\nclaims = [{}]\n",
            forms[next(6) as usize],
            if next(10) == 0 {
                "0.142857".to_string()
            } else {
                (1 + next(3)).to_string()
            },
            carriers[next(4) as usize],
            if next(5) == 0 {
                "\"Reverses arterial calcification*\""
            } else {
                "\"Supports healthy bones*\""
            },
        );
        let d = d_amounts[next(7) as usize];
        if next(2) == 0 {
            text.push_str(&format!("\n[[ingredient]]\nname = \"Vitamin D3\"\nform = \"cholecalciferol\"\namount = {}\nunit = \"mcg\"\nalt_amount = {d}\nalt_unit = \"IU\"\n", d / 40.0));
        } else {
            text.push_str(&format!(
                "\n[[ingredient]]\nname = \"Vitamin D{}\"\namount = {d}\nunit = \"IU\"\n",
                if next(8) == 0 { 2 } else { 3 }
            ));
        }
        if next(4) != 0 {
            let k2 = ["MK-7", "MK-4", "menaquinone-7"][next(3) as usize];
            text.push_str(&format!("\n[[ingredient]]\nname = \"Vitamin K2\"\nform = \"{k2}\"\namount = {}\nunit = \"mcg\"\n", 10 + next(300)));
        }
        if next(3) == 0 {
            text.push_str(&format!("\n[[ingredient]]\nname = \"Calcium\"\nform = \"as calcium carbonate\"\namount = {}\nunit = \"mg\"\n", 100 + next(1500)));
        }
        let _ = std::fs::write(folder.join(format!("label-{i:06}.toml")), text);
    }
}

/// One `check --format json` run: (seconds, bytes of output). The output is read through a
/// pipe and counted, not kept: holding tens of megabytes here would time the benchmark's own
/// memory, not labelcheck.
fn batch(dir: &Path) -> (f64, usize) {
    let start = Instant::now();
    let Ok(mut child) = Command::new(BIN)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return (f64::NAN, 0);
    };
    let mut bytes = 0;
    if let Some(mut stdout) = child.stdout.take() {
        let mut buf = vec![0u8; 1 << 20];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            bytes += n;
        }
    }
    let _ = child.wait();
    (start.elapsed().as_secs_f64(), bytes)
}

/// The floor: read and parse every file, nothing else.
fn read_and_parse(dir: &Path) -> f64 {
    let start = Instant::now();
    let (files, _) = labelcheck::collect_label_paths(&[dir.to_path_buf()]);
    let mut parsed = 0usize;
    for f in &files {
        if let Ok(text) = labelcheck::fsio::read_text_file(f)
            && labelcheck::parse_label_text("x", &text).is_ok()
        {
            parsed += 1;
        }
    }
    std::hint::black_box(parsed);
    start.elapsed().as_secs_f64()
}

fn median_of(runs: usize, mut f: impl FnMut() -> (f64, usize)) -> (f64, usize) {
    let mut results: Vec<(f64, usize)> = (0..runs).map(|_| f()).collect();
    results.sort_by(|a, b| a.0.total_cmp(&b.0));
    results[runs / 2]
}

fn median_secs(runs: usize, mut f: impl FnMut()) -> f64 {
    median_of(runs, || {
        let start = Instant::now();
        f();
        (start.elapsed().as_secs_f64(), 0)
    })
    .0
}

/// CPU time (user + system) of a process, in clock ticks, from /proc/PID/stat.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the command name: state is field 3 of the full line, utime 14, stime 15.
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn tui_figures() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let Ok(pty) = native_pty_system().openpty(PtySize {
        rows: 40,
        cols: 120,
        pixel_width: 0,
        pixel_height: 0,
    }) else {
        println!("| TUI | no pseudo-terminal available | — |");
        return;
    };
    let mut cmd = CommandBuilder::new(BIN);
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(std::env::temp_dir());
    let start = Instant::now();
    let Ok(mut child) = pty.slave.spawn_command(cmd) else {
        return;
    };
    let Some(pid) = child.process_id() else {
        return;
    };
    let Ok(mut reader) = pty.master.try_clone_reader() else {
        return;
    };
    let Ok(mut writer) = pty.master.take_writer() else {
        return;
    };
    let seen = Arc::new(Mutex::new(String::new()));
    let first_frame = Arc::new(Mutex::new(None::<Duration>));
    {
        let seen = Arc::clone(&seen);
        let first_frame = Arc::clone(&first_frame);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let (Ok(mut s), Ok(mut f)) = (seen.lock(), first_frame.lock()) {
                    s.push_str(&String::from_utf8_lossy(&buf[..n]));
                    if f.is_none() && s.contains("Examples") {
                        *f = Some(start.elapsed());
                    }
                }
            }
        });
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while first_frame.lock().map(|f| f.is_none()).unwrap_or(false) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    let frame = first_frame.lock().ok().and_then(|f| *f);
    println!(
        "| TUI first frame through a pty (spawn → frame drawn) | {} | ≤ 50 ms |",
        frame.map_or("not seen".into(), |d| format!(
            "{:.1} ms",
            d.as_secs_f64() * 1e3
        ))
    );
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(5));
    let after = cpu_ticks(pid);
    if let (Some(b), Some(a)) = (before, after) {
        // Linux reports CPU time in USER_HZ ticks, 100 per second on all mainstream kernels.
        println!(
            "| TUI idle for 5 s: CPU used | {} ms | < 10 ms |",
            (a - b) * 10
        );
    }
    if let Some(kb) = peak_rss_kb(pid) {
        println!(
            "| TUI peak memory (VmHWM) | {:.1} MB | < 20 MB |",
            kb as f64 / 1024.0
        );
    }
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let deadline = Instant::now() + Duration::from_secs(5);
    while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
}

use std::io::Write as _;
