//! `kurzgefasst bench …`: benchmarks with JSON output, run against data outside the repository.

pub mod clusters;
pub mod extract;
pub mod gate;
pub mod ingest;
pub mod scale;
pub mod serve;
pub mod site;
pub mod tldr;

/// CPU time consumed so far by the calling thread, in seconds.
pub fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes into the timespec we pass.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}
