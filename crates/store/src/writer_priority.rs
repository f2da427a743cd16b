//! The inbox writer's share of the CPU.
//!
//! Every write to the inbox runs on one SQLite thread. When deliveries arrive faster than
//! the inbox takes them, that thread and the webhook receiver want the same cores. The
//! receiver's answers are what Meta waits on; the inbox follows from the webhook journal
//! either way. So the writer runs at a lower priority: it gets every core nobody else
//! wants (the receiver spends much of a burst waiting on the journal's fsync), and yields
//! while the receiver, the window or the readers need them. On an idle machine, and at
//! the rates Meta sends, it changes nothing.
//!
//! Measured (docs/BENCHMARKS.md): with the writer lowered the receiver answered 25–40%
//! more deliveries per second in a burst, and the inbox was written as fast as before.

/// The writer's niceness: 10 gives it about a tenth of a core it shares with a normal
/// thread, and all of a core nobody else wants.
pub const WRITER_NICENESS: i32 = 10;

/// Lowers the priority of this process's threads named `name` to `niceness` (never raises
/// it), and returns how many it lowered. Linux names threads; elsewhere nothing is changed.
#[cfg(target_os = "linux")]
pub fn lower_threads_named(name: &str, niceness: i32) -> std::io::Result<usize> {
    let mut lowered = 0;
    for task in std::fs::read_dir("/proc/self/task")? {
        let task = task?;
        // A thread that ended since the listing is simply not there any more.
        let Ok(comm) = std::fs::read_to_string(task.path().join("comm")) else {
            continue;
        };
        if comm.trim_end() != name {
            continue;
        }
        let tid = task
            .file_name()
            .to_str()
            .and_then(|tid| tid.parse().ok())
            .and_then(rustix::process::Pid::from_raw);
        // On Linux a thread id names that one thread. A thread already lower (Parley
        // started with `nice`) stays as it is: raising it back needs privileges.
        if let Some(tid) = tid
            && rustix::process::getpriority_process(Some(tid))? < niceness
        {
            rustix::process::setpriority_process(Some(tid), niceness)?;
            lowered += 1;
        }
    }
    Ok(lowered)
}

#[cfg(not(target_os = "linux"))]
pub fn lower_threads_named(_name: &str, _niceness: i32) -> std::io::Result<usize> {
    Ok(0)
}
