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
    /// (a failing cell does not stop the run), scores graded cells (nbgrader
    /// `points`, or 1 point per cell that runs `check`), prints the results
    /// and exits non-zero when a check fails or an untagged cell errors.
    Check {
        /// The notebooks to grade.
        #[arg(required = true, value_name = "NOTEBOOK")]
        notebooks: Vec<PathBuf>,
        /// Also write a JUnit XML report here.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
        /// Also write the executed notebooks (with outputs) into DIR.
        #[arg(long = "output-dir", value_name = "DIR")]
        output_dir: Option<PathBuf>,
    },
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
        Some(p) => std::fs::read_to_string(p).map_err(|e| format!("netbook: {}: {e}", p.display())),
    };
    let code = match code {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut session = Session::new();
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
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| format!("netbook: stdin: {e}"))?;
    Ok(s)
}

fn check(notebooks: Vec<PathBuf>, junit: Option<PathBuf>, output_dir: Option<PathBuf>) -> ExitCode {
    let mut reports = Vec::new();
    for nb in &notebooks {
        match grade::run_file(&nb.display().to_string()) {
            Ok(r) => reports.push(r),
            Err(e) => {
                eprintln!("netbook check: {e}");
                return ExitCode::from(2);
            }
        }
    }
    print!("{}", grade::render(&reports));
    let write = |path: &std::path::Path, text: &str| {
        std::fs::write(path, text).map_err(|e| eprintln!("netbook check: {}: {e}", path.display()))
    };
    if let Some(path) = junit {
        if write(&path, &grade::junit::render(&reports)).is_err() {
            return ExitCode::from(2);
        }
    }
    if let Some(dir) = output_dir {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("netbook check: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
        for (nb, r) in notebooks.iter().zip(&reports) {
            let name = nb.file_name().unwrap_or(nb.as_os_str());
            let text = serde_json::to_string_pretty(&r.executed).unwrap_or_default() + "\n";
            if write(&dir.join(name), &text).is_err() {
                return ExitCode::from(2);
            }
        }
    }
    if reports.iter().any(|r| r.failed_checks() + r.errors() > 0) {
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
        Cmd::Check {
            notebooks,
            junit,
            output_dir,
        } => check(notebooks, junit, output_dir),
    }
}
