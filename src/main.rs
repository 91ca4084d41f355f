//! The `netbook` command: the Jupyter kernel, its installer, and a
//! terminal runner for lab scripts.

use clap::{Args, Parser, Subcommand};
use netbook::grade;
use netbook::jupyter::limits::{self, TransportLimits};
use netbook::jupyter::{connection::ConnectionInfo, install, server};
use netbook::shell::{Emit, Session, Sink};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Counts heap bytes for the per-cell memory budget.
#[global_allocator]
static ALLOC: netbook::shell::memory::CountingAlloc = netbook::shell::memory::CountingAlloc;

#[derive(Parser)]
#[command(
    name = "netbook",
    version,
    about = "A Jupyter kernel that simulates Linux networking in memory"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the Jupyter kernel (what kernel.json starts).
    Kernel {
        /// The connection file Jupyter wrote for this kernel.
        #[arg(long = "connection-file", short = 'f', value_name = "FILE")]
        connection_file: PathBuf,
        /// Largest inbound message (bytes, or e.g. 64M); a peer sending more
        /// is disconnected. Default: $NETBOOK_MAX_MESSAGE_SIZE, else 16M.
        #[arg(long = "max-message-size", value_name = "SIZE", value_parser = limits::parse_size)]
        max_message_size: Option<usize>,
        /// Messages queued per IOPub subscriber before a slow one misses
        /// output. Default: $NETBOOK_IOPUB_HWM, else 1000.
        #[arg(long = "iopub-hwm", value_name = "N", value_parser = limits::parse_count)]
        iopub_hwm: Option<usize>,
    },
    /// Install the `netbook` kernelspec so Jupyter can start this binary.
    ///
    /// The kernelspec (kernel.json with this binary's absolute path, plus
    /// logos) goes to `<data>/kernels/netbook`, where <data> is:
    ///   --user (default)  $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter,
    ///                     else ~/.local/share/jupyter
    ///   --sys-prefix      $VIRTUAL_ENV/share/jupyter (or $CONDA_PREFIX)
    ///   --prefix DIR      DIR/share/jupyter
    #[command(verbatim_doc_comment)]
    Install(InstallArgs),
    /// Run lab commands without Jupyter and print what a terminal shows.
    ///
    /// Reads FILE (or stdin with `-` or no argument), runs it as one cell
    /// through the same Session the kernel uses, prints each output's
    /// text/plain, and exits with the status of the last command (a usage
    /// or syntax error, an unknown command or a failed check exits non-zero).
    Run {
        /// A file of command lines; `-` or nothing reads stdin.
        file: Option<PathBuf>,
    },
    /// Run and grade notebooks without Jupyter.
    ///
    /// Executes every code cell in a fresh simulated world per notebook
    /// (a failing cell does not stop the run) and scores graded cells the
    /// way nbgrader's autograde does (nbgrader `points`; without --source
    /// also 1 point per other cell that runs `check`). Prints each failed
    /// check's expected/found, then a summary table when there are several
    /// notebooks. Exits 1 when a check fails or an untagged cell errors,
    /// 2 when a notebook cannot be graded.
    ///
    /// With --source INSTRUCTOR.ipynb each submission is graded against the
    /// instructor's version, as `nbgrader autograde` does: tests (hidden ones
    /// included) and points come from the source by grade_id, edited or
    /// deleted test cells are restored, the student supplies only solution
    /// cells. A DIR argument grades every *.ipynb below it (nbgrader's
    /// submitted/STUDENT/ASSIGNMENT/ layout gives the student names), in
    /// parallel on all cores.
    #[command(verbatim_doc_comment)]
    Check(CheckArgs),
}

#[derive(Args)]
#[group(multiple = false)]
struct InstallArgs {
    /// Install for the current user (the default).
    #[arg(long)]
    user: bool,
    /// Install into the active virtual environment / conda prefix.
    #[arg(long = "sys-prefix")]
    sys_prefix: bool,
    /// Install into DIR/share/jupyter/kernels.
    #[arg(long, value_name = "DIR")]
    prefix: Option<PathBuf>,
}

struct Terminal;

impl Sink for Terminal {
    fn emit(&mut self, e: Emit) {
        match e {
            Emit::Stdout(t) => {
                let mut o = std::io::stdout().lock();
                let _ = o.write_all(t.as_bytes());
                let _ = o.flush();
            }
            Emit::Stderr(t) => {
                let _ = std::io::stderr().write_all(t.as_bytes());
            }
            Emit::Display(b) | Emit::Result(b) => {
                let mut o = std::io::stdout().lock();
                let _ = o.write_all(b.text().as_bytes());
                let _ = o.flush();
            }
            Emit::Clear { .. } => {}
        }
    }
}

fn run_script(file: Option<PathBuf>) -> ExitCode {
    let code = match file.as_deref() {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => std::fs::File::open(p)
            .and_then(read_capped)
            .map_err(|e| format!("netbook: {}: {e}", p.display())),
    };
    let code = match code {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut session = Session::new();
    session.set_pacer(std::sync::Arc::new(netbook::jupyter::pacer::RealTime));
    session.set_student(&netbook::jupyter::student_from_env());
    let interrupt = session.interrupt_handle();
    // Ctrl-C stops the running command (e.g. `ping` without -c), like a shell.
    let _ = ctrlc_flag(interrupt);
    let outcome = session.execute(&code, &mut Terminal);
    if let Some(err) = &outcome.error {
        for line in &err.traceback {
            eprintln!("{line}");
        }
    }
    let status = match (outcome.status, &outcome.error) {
        (0, Some(_)) => 1,
        (s, _) => s,
    };
    ExitCode::from(status.clamp(0, 255) as u8)
}

fn ctrlc_flag(flag: std::sync::Arc<std::sync::atomic::AtomicBool>) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        rt.block_on(async move {
            while tokio::signal::ctrl_c().await.is_ok() {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        })
    });
    Ok(())
}

fn read_stdin() -> Result<String, String> {
    read_capped(std::io::stdin()).map_err(|e| format!("netbook: stdin: {e}"))
}

/// Reads a script, refusing one larger than the kernel accepts as a cell:
/// the shell's parser takes several times the text, so this bounds the
/// memory of `netbook run` as the message limit bounds the kernel's.
fn read_capped(input: impl Read) -> std::io::Result<String> {
    let cap = limits::DEFAULT_MAX_MESSAGE_SIZE;
    let mut s = String::new();
    input.take(cap as u64 + 1).read_to_string(&mut s)?;
    if s.len() > cap {
        return Err(std::io::Error::other(format!(
            "script too large (netbook runs at most {} MiB as one cell)",
            cap >> 20
        )));
    }
    Ok(s)
}

/// What `netbook check` was asked to do.
#[derive(Args)]
struct CheckArgs {
    /// The notebooks to grade, or directories of them.
    #[arg(required = true, value_name = "NOTEBOOK|DIR")]
    notebooks: Vec<PathBuf>,
    /// The instructor's notebook to grade against (repeat it for
    /// several assignments: each submission uses the one with its file name).
    #[arg(long, value_name = "INSTRUCTOR.ipynb")]
    source: Vec<PathBuf>,
    /// Also write a JUnit XML report here.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Also write the scores as CSV here (one row per notebook).
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Also write the executed notebooks (with outputs) into DIR.
    #[arg(long = "output-dir", value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// Notebooks graded at once (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Print only the summary table and the total, not each notebook.
    #[arg(long, short = 'q')]
    quiet: bool,
}

fn check(args: CheckArgs) -> ExitCode {
    let mut sources = Vec::new();
    for path in &args.source {
        let path = path.display().to_string();
        let read = grade::read_notebook(&path)
            .and_then(|nb| grade::source::SourceNotebook::from_notebook(&path, &nb));
        match read {
            Ok(s) => sources.push(s),
            Err(e) => {
                eprintln!("netbook check: --source {e}");
                return ExitCode::from(2);
            }
        }
    }
    let subs = match grade::batch::collect(&args.notebooks) {
        Ok(s) if s.is_empty() => {
            eprintln!("netbook check: no notebooks found");
            return ExitCode::from(2);
        }
        Ok(s) => s,
        Err(e) => {
            eprintln!("netbook check: {e}");
            return ExitCode::from(2);
        }
    };
    let jobs = args.jobs.unwrap_or_else(grade::batch::default_jobs);
    let keep = args.output_dir.is_some();
    let results = grade::batch::grade_all(&subs, &sources, jobs, keep);
    let reports: Vec<grade::NotebookReport> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .cloned()
        .collect();
    let mut out = String::new();
    for r in &results {
        match r {
            Ok(r) if !args.quiet => out.push_str(&grade::report::details(r)),
            Ok(_) => {}
            Err(e) => eprintln!("netbook check: {e}"),
        }
    }
    if subs.len() > 1 {
        let rows: Vec<grade::report::Row> = subs
            .iter()
            .zip(&results)
            .map(|(s, r)| grade::report::Row {
                student: &s.student,
                path: s.path.to_str().unwrap_or(""),
                outcome: r.as_ref(),
            })
            .collect();
        out.push_str(&grade::report::summary(&rows));
    }
    out.push_str(&grade::report::total(&reports));
    print!("{out}");
    let write = |path: &std::path::Path, text: &str| {
        std::fs::write(path, text).map_err(|e| eprintln!("netbook check: {}: {e}", path.display()))
    };
    if let Some(path) = &args.junit {
        if write(path, &grade::junit::render(&reports)).is_err() {
            return ExitCode::from(2);
        }
    }
    if let Some(path) = &args.csv {
        if write(path, &grade::batch::csv(&subs, &results, &sources)).is_err() {
            return ExitCode::from(2);
        }
    }
    if let Some(dir) = &args.output_dir {
        for (sub, r) in subs.iter().zip(&results) {
            let Ok(r) = r else { continue };
            let target = dir.join(&sub.relative);
            if let Some(parent) = target.parent() {
                if let Err(e) = std::fs::create_dir_all(parent) {
                    eprintln!("netbook check: {}: {e}", parent.display());
                    return ExitCode::from(2);
                }
            }
            let text = serde_json::to_string_pretty(&r.executed).unwrap_or_default() + "\n";
            if write(&target, &text).is_err() {
                return ExitCode::from(2);
            }
        }
    }
    if results.iter().any(|r| r.is_err()) {
        ExitCode::from(2)
    } else if reports.iter().any(|r| r.failed_checks() + r.errors() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Flags first, then the environment (kernel.json's `env`), then defaults.
fn transport_limits(
    max_message_size: Option<usize>,
    iopub_hwm: Option<usize>,
) -> Result<TransportLimits, String> {
    let from_env = |name: &str, parse: fn(&str) -> Result<usize, String>| {
        std::env::var(name)
            .ok()
            .map(|v| parse(&v).map_err(|e| format!("{name}: {e}")))
            .transpose()
    };
    let d = TransportLimits::default();
    Ok(TransportLimits {
        max_message_size: match max_message_size {
            Some(n) => n,
            None => from_env(limits::MAX_MESSAGE_SIZE_ENV, limits::parse_size)?
                .unwrap_or(d.max_message_size),
        },
        iopub_hwm: match iopub_hwm {
            Some(n) => n,
            None => from_env(limits::IOPUB_HWM_ENV, limits::parse_count)?.unwrap_or(d.iopub_hwm),
        },
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Kernel {
            connection_file,
            max_message_size,
            iopub_hwm,
        } => {
            let info = match ConnectionInfo::from_file(&connection_file) {
                Ok(i) => i,
                Err(e) => {
                    eprintln!("netbook: {e}");
                    return ExitCode::from(2);
                }
            };
            let limits = match transport_limits(max_message_size, iopub_hwm) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("netbook: {e}");
                    return ExitCode::from(2);
                }
            };
            match server::run(info, limits) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("netbook: kernel failed: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Cmd::Install(args) => {
            let target = if args.sys_prefix {
                install::Target::SysPrefix
            } else if let Some(p) = args.prefix {
                install::Target::Prefix(p)
            } else {
                install::Target::User
            };
            let exe = match std::env::current_exe().and_then(|p| p.canonicalize()) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("netbook: cannot find this binary's path: {e}");
                    return ExitCode::from(1);
                }
            };
            match install::install(&target, &exe) {
                Ok(dir) => {
                    println!("Installed kernelspec netbook in {}", dir.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("netbook: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Cmd::Run { file } => run_script(file),
        Cmd::Check(args) => check(args),
    }
}
