//! Stage timings for benchmarks and profiles: with `PARALLAX_TIMINGS` set, each stage
//! of a command prints its wall time to stderr ("timing resolve 1.234 s"), with the
//! process's resident memory then and at its peak so far. Unset, a lap costs one clock
//! read.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether `PARALLAX_TIMINGS` is set (read once).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("PARALLAX_TIMINGS").is_some())
}

/// Times consecutive stages: each lap ends one stage and starts the next.
pub struct Stopwatch {
    last: Instant,
    /// CPU seconds of the whole process and of the calling thread at the last lap.
    cpu: (f64, f64),
}

impl Stopwatch {
    pub fn start() -> Stopwatch {
        Stopwatch {
            last: Instant::now(),
            cpu: if enabled() { cpu() } else { (0.0, 0.0) },
        }
    }

    /// Ends the stage called `stage`, printing its time when timings are on: wall
    /// seconds, then the CPU seconds of all threads and of the calling thread alone
    /// ("serial": the stages run on the thread that starts them, which waits idle while
    /// rayon's threads work, so its CPU time is what no other core can share).
    pub fn lap(&mut self, stage: &str) {
        let now = Instant::now();
        if enabled() {
            let cpu = cpu();
            eprintln!(
                "timing {stage:<20} {:8.3} s  cpu {:6.3} s, serial {:6.3} s{}",
                now.duration_since(self.last).as_secs_f64(),
                cpu.0 - self.cpu.0,
                cpu.1 - self.cpu.1,
                memory().unwrap_or_default()
            );
            self.cpu = cpu;
        }
        self.last = now;
    }
}

/// CPU seconds (user and system) of the process and of the calling thread; zeros where
/// not known.
#[cfg(target_os = "linux")]
fn cpu() -> (f64, f64) {
    let of = |who: libc::c_int| {
        // SAFETY: `getrusage` only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(who, &mut usage) } != 0 {
            return 0.0;
        }
        let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
        secs(usage.ru_utime) + secs(usage.ru_stime)
    };
    (of(libc::RUSAGE_SELF), of(libc::RUSAGE_THREAD))
}

#[cfg(not(target_os = "linux"))]
fn cpu() -> (f64, f64) {
    (0.0, 0.0)
}

/// The process's resident memory now and at its peak so far, as "  rss N MB, peak M MB"
/// (Linux: from /proc/self/status; None elsewhere).
fn memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    let (rss, peak) = (field("VmRSS:")?, field("VmHWM:")?);
    Some(format!("  rss {} MB, peak {} MB", rss / 1024, peak / 1024))
}

/// Prints a count that explains a stage's time ("count candidate pairs 123"), when
/// timings are on.
pub fn count(what: &str, value: usize) {
    if enabled() {
        eprintln!("count  {what:<20} {value:>10}");
    }
}
