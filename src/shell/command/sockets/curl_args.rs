//! curl 7.88's own option grammar (tool_getparam.c, not getopt): long
//! names match case-insensitively by unique prefix, `--no-NAME` turns a
//! boolean off, short letters cluster (`-sSL`) and a value-taking letter
//! takes the rest of its word or the next one (`-oFILE`, `-o FILE`). Each
//! `-o`/`-O` pairs with a URL in order. The result is a [`CurlOp`], built
//! before anything in the world is touched.

use super::CmdOutput;

/// How an option reads the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Takes no value and has no `--no-` form.
    Flag,
    /// A boolean: `--NAME` sets it, `--no-NAME` clears it.
    Bool,
    /// Takes the next word (or the rest of a short cluster).
    Value,
}
use Kind::*;

/// Every long name curl 7.88.1 knows (`curl --help all` plus the hidden
/// aliases), its short letter (`b' '` for none) and its kind, as probed on
/// the real binary: prefixes and ambiguity are decided against all of them.
#[rustfmt::skip]
const OPTIONS: &[(&str, u8, Kind)] = &[
    ("abstract-unix-socket", b' ', Value), ("alpn", b' ', Bool), ("alt-svc", b' ', Value),
    ("anyauth", b' ', Bool), ("append", b'a', Bool), ("aws-sigv4", b' ', Value),
    ("basic", b' ', Bool), ("buffer", b'N', Bool), ("cacert", b' ', Value),
    ("capath", b' ', Value), ("cert-status", b' ', Bool), ("cert-type", b' ', Value),
    ("cert", b'E', Value), ("ciphers", b' ', Value), ("clobber", b' ', Bool),
    ("compressed-ssh", b' ', Bool), ("compressed", b' ', Bool), ("config", b'K', Value),
    ("connect-timeout", b' ', Value), ("connect-to", b' ', Value), ("continue-at", b'C', Value),
    ("cookie-jar", b'c', Value), ("cookie", b'b', Value), ("create-dirs", b' ', Bool),
    ("create-file-mode", b' ', Value), ("crlfile", b' ', Value), ("crlf", b' ', Bool),
    ("curves", b' ', Value), ("data-ascii", b' ', Value), ("data-binary", b' ', Value),
    ("data-raw", b' ', Value), ("data-urlencode", b' ', Value), ("data", b'd', Value),
    ("delegation", b' ', Value), ("digest", b' ', Bool), ("disable-eprt", b' ', Bool),
    ("disable-epsv", b' ', Bool), ("disable", b'q', Bool), ("disallow-username-in-url", b' ', Bool),
    ("dns-interface", b' ', Value), ("dns-ipv4-addr", b' ', Value), ("dns-ipv6-addr", b' ', Value),
    ("dns-servers", b' ', Value), ("doh-cert-status", b' ', Bool), ("doh-insecure", b' ', Bool),
    ("doh-url", b' ', Value), ("dump-header", b'D', Value), ("egd-file", b' ', Value),
    ("engine", b' ', Value), ("etag-compare", b' ', Value), ("etag-save", b' ', Value),
    ("expect100-timeout", b' ', Value), ("fail-early", b' ', Bool), ("fail-with-body", b' ', Bool),
    ("fail", b'f', Bool), ("false-start", b' ', Bool), ("form-escape", b' ', Bool),
    ("form-string", b' ', Value), ("form", b'F', Value), ("ftp-account", b' ', Value),
    ("ftp-alternative-to-user", b' ', Value), ("ftp-create-dirs", b' ', Bool), ("ftp-method", b' ', Value),
    ("ftp-pasv", b' ', Bool), ("ftp-port", b'P', Value), ("ftp-pret", b' ', Bool),
    ("ftp-skip-pasv-ip", b' ', Bool), ("ftp-ssl-ccc-mode", b' ', Value), ("ftp-ssl-ccc", b' ', Bool),
    ("ftp-ssl-control", b' ', Bool), ("ftp-ssl-reqd", b' ', Bool), ("ftp-ssl", b' ', Bool),
    ("get", b'G', Bool), ("globoff", b'g', Bool), ("happy-eyeballs-timeout-ms", b' ', Value),
    ("haproxy-protocol", b' ', Bool), ("header", b'H', Value), ("head", b'I', Bool),
    ("help", b'h', Bool), ("hostpubmd5", b' ', Value), ("hostpubsha256", b' ', Value),
    ("hsts", b' ', Value), ("http0.9", b' ', Bool), ("http1.0", b'0', Flag),
    ("http1.1", b' ', Flag), ("http2-prior-knowledge", b' ', Flag), ("http2", b' ', Flag),
    ("http3-only", b' ', Flag), ("http3", b' ', Flag), ("ignore-content-length", b' ', Bool),
    ("include", b'i', Bool), ("insecure", b'k', Bool), ("interface", b' ', Value),
    ("ipv4", b'4', Flag), ("ipv6", b'6', Flag), ("json", b' ', Value),
    ("junk-session-cookies", b'j', Bool), ("keepalive-time", b' ', Value), ("keepalive", b' ', Bool),
    ("key-type", b' ', Value), ("key", b' ', Value), ("krb4", b' ', Value),
    ("krb", b' ', Value), ("libcurl", b' ', Value), ("limit-rate", b' ', Value),
    ("list-only", b'l', Bool), ("local-port", b' ', Value), ("location-trusted", b' ', Bool),
    ("location", b'L', Bool), ("login-options", b' ', Value), ("mail-auth", b' ', Value),
    ("mail-from", b' ', Value), ("mail-rcpt-allowfails", b' ', Bool), ("mail-rcpt", b' ', Value),
    ("manual", b'M', Bool), ("max-filesize", b' ', Value), ("max-redirs", b' ', Value),
    ("max-time", b'm', Value), ("metalink", b' ', Bool), ("negotiate", b' ', Bool),
    ("netrc-file", b' ', Value), ("netrc-optional", b' ', Bool), ("netrc", b'n', Bool),
    ("next", b':', Flag), ("noproxy", b' ', Value), ("npn", b' ', Bool),
    ("ntlm-wb", b' ', Bool), ("ntlm", b' ', Bool), ("oauth2-bearer", b' ', Value),
    ("output-dir", b' ', Value), ("output", b'o', Value), ("parallel-immediate", b' ', Bool),
    ("parallel-max", b' ', Value), ("parallel", b'Z', Bool), ("pass", b' ', Value),
    ("path-as-is", b' ', Bool), ("pinnedpubkey", b' ', Value), ("post301", b' ', Bool),
    ("post302", b' ', Bool), ("post303", b' ', Bool), ("preproxy", b' ', Value),
    ("progress-bar", b'#', Bool), ("progress-meter", b' ', Bool), ("proto-default", b' ', Value),
    ("proto-redir", b' ', Value), ("proto", b' ', Value), ("proxy-anyauth", b' ', Bool),
    ("proxy-basic", b' ', Bool), ("proxy-cacert", b' ', Value), ("proxy-capath", b' ', Value),
    ("proxy-cert-type", b' ', Value), ("proxy-cert", b' ', Value), ("proxy-ciphers", b' ', Value),
    ("proxy-crlfile", b' ', Value), ("proxy-digest", b' ', Bool), ("proxy-header", b' ', Value),
    ("proxy-insecure", b' ', Bool), ("proxy-key-type", b' ', Value), ("proxy-key", b' ', Value),
    ("proxy-negotiate", b' ', Bool), ("proxy-ntlm", b' ', Bool), ("proxy-pass", b' ', Value),
    ("proxy-pinnedpubkey", b' ', Value), ("proxy-service-name", b' ', Value), ("proxy-ssl-allow-beast", b' ', Bool),
    ("proxy-ssl-auto-client-cert", b' ', Bool), ("proxy-tls13-ciphers", b' ', Value), ("proxy-tlsauthtype", b' ', Value),
    ("proxy-tlspassword", b' ', Value), ("proxy-tlsuser", b' ', Value), ("proxy-tlsv1", b' ', Flag),
    ("proxy-user", b'U', Value), ("proxy1.0", b' ', Value), ("proxytunnel", b'p', Bool),
    ("proxy", b'x', Value), ("pubkey", b' ', Value), ("quote", b'Q', Value),
    ("random-file", b' ', Value), ("range", b'r', Value), ("rate", b' ', Value),
    ("raw", b' ', Bool), ("referer", b'e', Value), ("remote-header-name", b'J', Bool),
    ("remote-name-all", b' ', Bool), ("remote-name", b'O', Bool), ("remote-time", b'R', Bool),
    ("remove-on-error", b' ', Bool), ("request-target", b' ', Value), ("request", b'X', Value),
    ("resolve", b' ', Value), ("retry-all-errors", b' ', Bool), ("retry-connrefused", b' ', Bool),
    ("retry-delay", b' ', Value), ("retry-max-time", b' ', Value), ("retry", b' ', Value),
    ("sasl-authzid", b' ', Value), ("sasl-ir", b' ', Bool), ("service-name", b' ', Value),
    ("sessionid", b' ', Bool), ("show-error", b'S', Bool), ("silent", b's', Bool),
    ("socks4a", b' ', Value), ("socks4", b' ', Value), ("socks5-basic", b' ', Bool),
    ("socks5-gssapi-nec", b' ', Bool), ("socks5-gssapi-service", b' ', Value), ("socks5-gssapi", b' ', Bool),
    ("socks5-hostname", b' ', Value), ("socks5", b' ', Value), ("speed-limit", b'Y', Value),
    ("speed-time", b'y', Value), ("ssl-allow-beast", b' ', Bool), ("ssl-auto-client-cert", b' ', Bool),
    ("ssl-no-revoke", b' ', Bool), ("ssl-reqd", b' ', Bool), ("ssl-revoke-best-effort", b' ', Bool),
    ("sslv2", b'2', Flag), ("sslv3", b'3', Flag), ("ssl", b' ', Bool),
    ("stderr", b' ', Value), ("styled-output", b' ', Bool), ("suppress-connect-headers", b' ', Bool),
    ("tcp-fastopen", b' ', Bool), ("tcp-nodelay", b' ', Bool), ("telnet-option", b't', Value),
    ("tftp-blksize", b' ', Value), ("tftp-no-options", b' ', Bool), ("time-cond", b'z', Value),
    ("tls-max", b' ', Value), ("tls13-ciphers", b' ', Value), ("tlsauthtype", b' ', Value),
    ("tlspassword", b' ', Value), ("tlsuser", b' ', Value), ("tlsv1.0", b' ', Flag),
    ("tlsv1.1", b' ', Flag), ("tlsv1.2", b' ', Flag), ("tlsv1.3", b' ', Flag),
    ("tlsv1", b'1', Flag), ("tr-encoding", b' ', Bool), ("trace-ascii", b' ', Value),
    ("trace-time", b' ', Bool), ("trace", b' ', Value), ("unix-socket", b' ', Value),
    ("upload-file", b'T', Value), ("url-query", b' ', Value), ("url", b' ', Value),
    ("use-ascii", b'B', Bool), ("user-agent", b'A', Value), ("user", b'u', Value),
    ("verbose", b'v', Bool), ("version", b'V', Bool), ("write-out", b'w', Value),
    ("xattr", b' ', Bool),
];

/// curl's second line after any option error.
const TRY: &str = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/// Where one URL's body goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Output {
    /// `-o FILE` (`/dev/null` discards).
    File(String),
    /// `-O`: the last segment of the URL's path.
    Remote,
}

/// One URL and its `-o`/`-O`, paired in command-line order as curl does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Target {
    /// The URL (absent while only an `-o` has been given for this slot).
    pub(crate) url: Option<String>,
    /// Its output, when not stdout.
    pub(crate) output: Option<Output>,
}

/// What curl was asked to do for every URL.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CurlArgs {
    pub(crate) verbose: bool,
    pub(crate) silent: bool,
    pub(crate) show_error: bool,
    pub(crate) head: bool,
    pub(crate) include: bool,
    pub(crate) fail: bool,
    /// `--connect-timeout`, seconds.
    pub(crate) connect_timeout: Option<f64>,
    /// `-m`/`--max-time`, seconds.
    pub(crate) max_time: Option<f64>,
    /// `--interface`: a name or an address.
    pub(crate) interface: Option<String>,
    /// The proxy option as given (`--socks5`, `-x`, ...) and its value;
    /// curl checks the value when the transfer starts.
    pub(crate) proxy: Option<(String, String)>,
    /// `-w`.
    pub(crate) write_out: Option<String>,
    /// `-H`, in order.
    pub(crate) headers: Vec<String>,
    /// `-A`.
    pub(crate) user_agent: Option<String>,
    /// `-X`.
    pub(crate) method: Option<String>,
    /// `-d`/`--data-raw`..., joined with `&` when sent.
    pub(crate) data: Vec<String>,
    /// `--resolve HOST:PORT:ADDR`, checked when the transfer starts.
    pub(crate) resolve: Vec<String>,
    pub(crate) targets: Vec<Target>,
}

/// The parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CurlOp {
    /// Transfer every URL in turn.
    Transfer(Box<CurlArgs>),
    /// `-V`/`--version`: print the version and stop reading options.
    Version,
    /// `-h`/`--help` without a category: the short help.
    Help,
}

/// `curl: option OPT: REASON` and the `try` line, exit 2.
fn opt_err(orig: &str, reason: &str) -> CmdOutput {
    CmdOutput::error(2, format!("curl: option {orig}: {reason}\n{TRY}"))
}

/// The table entry a long name (without `--`/`--no-`) selects: an exact
/// name, else the one name it is a prefix of.
fn find_long(word: &str) -> Result<&'static (&'static str, u8, Kind), &'static str> {
    let mut hits = OPTIONS
        .iter()
        .filter(|(n, ..)| n.len() >= word.len() && n[..word.len()].eq_ignore_ascii_case(word));
    if let Some(e) = OPTIONS.iter().find(|(n, ..)| n.eq_ignore_ascii_case(word)) {
        return Ok(e);
    }
    match (hits.next(), hits.next()) {
        (Some(e), None) => Ok(e),
        (Some(_), Some(_)) => Err("is ambiguous"),
        _ => Err("is unknown"),
    }
}

/// A numerical value (`-m`, `--connect-timeout`), checked as curl's
/// str2udouble does.
fn seconds(orig: &str, v: &str) -> Result<f64, CmdOutput> {
    match v.trim_start().parse::<f64>() {
        Ok(n) if n.is_infinite() || n > 9_223_372_036_854_775.0 => {
            Err(opt_err(orig, "too large number"))
        }
        Ok(n) if n < 0.0 => Err(opt_err(orig, "expected a positive numerical parameter")),
        Ok(n) if !n.is_nan() && !v.trim().eq_ignore_ascii_case("nan") => Ok(n),
        _ => Err(opt_err(orig, "expected a proper numerical parameter")),
    }
}

/// Parses curl's command line; errors are curl's own texts.
pub(crate) fn parse(argv: &[String]) -> Result<CurlOp, CmdOutput> {
    if argv.is_empty() {
        return Err(CmdOutput::error(2, TRY));
    }
    let mut a = CurlArgs::default();
    let mut flags = true;
    let mut i = 0;
    while i < argv.len() {
        let word = argv[i].as_str();
        let next = argv.get(i + 1).map(String::as_str);
        i += 1;
        if !flags || !word.starts_with('-') {
            a.add_url(word);
            continue;
        }
        if word == "--" {
            flags = false;
            continue;
        }
        let used_next = match word.strip_prefix("--") {
            Some(long) => a.long(word, long, next)?,
            None => a.short(word, next)?,
        };
        match used_next {
            Step::Next => i += 1,
            Step::Version => return Ok(CurlOp::Version),
            // `--help` takes whatever word follows as a category.
            Step::Help if i < argv.len() => {
                return Err(crate::shell::command::text::not_simulated(
                    "curl",
                    "--help CATEGORY",
                    2,
                ))
            }
            Step::Help => return Ok(CurlOp::Help),
            Step::Word => {}
        }
    }
    if a.targets.iter().all(|t| t.url.is_none()) {
        return Err(CmdOutput::error(
            2,
            format!("curl: no URL specified!\n{TRY}"),
        ));
    }
    a.targets.retain(|t| t.url.is_some());
    if a.head && !a.data.is_empty() {
        // Checked once every option is read: -s (anywhere) hides it.
        let warn = "Warning: You can only select one HTTP request method! You asked for both POST \nWarning: (-d, --data) and HEAD (-I, --head).\n";
        return Err(CmdOutput::error(2, if a.silent { "" } else { warn }));
    }
    Ok(CurlOp::Transfer(Box::new(a)))
}

/// How far one option word took the parser.
enum Step {
    /// Only the word itself.
    Word,
    /// The word and the next one (its value).
    Next,
    /// `-V`: stop here.
    Version,
    /// `-h`: stop here.
    Help,
}

impl CurlArgs {
    /// The first slot without a URL takes it, as curl's getout list does.
    fn add_url(&mut self, url: &str) {
        match self.targets.iter_mut().find(|t| t.url.is_none()) {
            Some(t) => t.url = Some(url.to_string()),
            None => self.targets.push(Target {
                url: Some(url.to_string()),
                output: None,
            }),
        }
    }

    /// The first slot without an output takes it.
    fn add_output(&mut self, out: Output) {
        match self.targets.iter_mut().find(|t| t.output.is_none()) {
            Some(t) => t.output = Some(out),
            None => self.targets.push(Target {
                url: None,
                output: Some(out),
            }),
        }
    }

    fn long(&mut self, orig: &str, word: &str, next: Option<&str>) -> Result<Step, CmdOutput> {
        let (word, on) = match word.strip_prefix("no-") {
            Some(w) => (w, false),
            None => (word, true),
        };
        let &(name, _, kind) = find_long(word).map_err(|r| opt_err(orig, r))?;
        if !on && kind != Bool {
            return Err(opt_err(
                orig,
                "used '--no-' for option that isn't a boolean",
            ));
        }
        if kind != Value {
            return self.apply(orig, name, on, None);
        }
        let v = next.ok_or_else(|| opt_err(orig, "requires parameter"))?;
        self.apply(orig, name, on, Some(v))?;
        Ok(Step::Next)
    }

    fn short(&mut self, orig: &str, next: Option<&str>) -> Result<Step, CmdOutput> {
        let letters = &orig[1..];
        if letters.is_empty() {
            return Err(opt_err(orig, "is unknown"));
        }
        for (j, c) in letters.char_indices() {
            let entry = OPTIONS
                .iter()
                .find(|(_, s, _)| *s != b' ' && *s as char == c);
            let &(name, _, kind) = entry.ok_or_else(|| opt_err(orig, "is unknown"))?;
            if kind != Value {
                match self.apply(orig, name, true, None)? {
                    Step::Word => continue,
                    stop => return Ok(stop),
                }
            }
            let rest = &letters[j + c.len_utf8()..];
            if !rest.is_empty() {
                self.apply(orig, name, true, Some(rest))?;
                return Ok(Step::Word);
            }
            let v = next.ok_or_else(|| opt_err(orig, "requires parameter"))?;
            self.apply(orig, name, true, Some(v))?;
            return Ok(Step::Next);
        }
        Ok(Step::Word)
    }

    /// Records one option. Options that only change what netbook does not
    /// model (TLS checks, redirects no simulated server sends, IPv4-only)
    /// are accepted; the others are refused rather than ignored.
    fn apply(
        &mut self,
        orig: &str,
        name: &str,
        on: bool,
        v: Option<&str>,
    ) -> Result<Step, CmdOutput> {
        let val = || v.unwrap_or_default().to_string();
        match name {
            "verbose" => self.verbose = on,
            "silent" => self.silent = on,
            "show-error" => self.show_error = on,
            "head" => self.head = on,
            "include" => self.include = on,
            "fail" => self.fail = on,
            "version" if on => return Ok(Step::Version),
            "help" if on => return Ok(Step::Help),
            "version" | "insecure" | "location" | "ipv4" | "globoff" | "buffer" | "disable"
            | "progress-meter" | "http1.1" => {}
            "output" => self.add_output(Output::File(val())),
            "remote-name" if on => self.add_output(Output::Remote),
            "url" => self.add_url(&val()),
            "write-out" => self.write_out = Some(val()),
            "max-time" => self.max_time = Some(seconds(orig, &val())?),
            "connect-timeout" => self.connect_timeout = Some(seconds(orig, &val())?),
            "interface" => self.interface = Some(val()),
            "proxy" => self.proxy = Some(("-x".into(), val())),
            "socks4" | "socks4a" | "socks5" | "socks5-hostname" => {
                self.proxy = Some((format!("--{name}"), val()))
            }
            "header" => self.headers.push(val()),
            "user-agent" => self.user_agent = Some(val()),
            "request" => self.method = Some(val()),
            "data" | "data-ascii" | "data-binary" if !val().starts_with('@') => {
                self.data.push(val())
            }
            "data-raw" => self.data.push(val()),
            "resolve" => self.resolve.push(val()),
            "http3" | "http3-only" => {
                return Err(opt_err(
                    orig,
                    "the installed libcurl version doesn't support this",
                ))
            }
            _ => {
                let shown = if orig.starts_with("--") {
                    orig.to_string()
                } else {
                    format!("--{name}")
                };
                return Err(crate::shell::command::text::not_simulated(
                    "curl", &shown, 2,
                ));
            }
        }
        Ok(Step::Word)
    }
}

/// `curl --help`: 7.88's short menu.
pub(crate) const HELP: &str = "Usage: curl [options...] <url>
 -d, --data <data>          HTTP POST data
 -f, --fail                 Fail fast with no output on HTTP errors
 -h, --help <category>      Get help for commands
 -i, --include              Include protocol response headers in the output
 -o, --output <file>        Write to file instead of stdout
 -O, --remote-name          Write output to a file named as the remote file
 -s, --silent               Silent mode
 -T, --upload-file <file>   Transfer local FILE to destination
 -u, --user <user:password> Server user and password
 -A, --user-agent <name>    Send User-Agent <name> to server
 -v, --verbose              Make the operation more talkative
 -V, --version              Show version number and quit

This is not the full help, this menu is stripped into categories.
Use \"--help category\" to get an overview of all categories.
For all options use the manual or \"--help all\".
";

/// The lines `curl --version` prints (Debian 12's curl 7.88.1).
pub(crate) const VERSION: &str = "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13
Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u15
Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp
Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words as argv;

    #[test]
    fn option_errors_are_curls_texts() {
        for (line, first) in [
            ("--foo u", "curl: option --foo: is unknown\n"),
            ("--s u", "curl: option --s: is ambiguous\n"),
            ("-sm", "curl: option -sm: requires parameter\n"),
            (
                "--no-max-time 1 u",
                "curl: option --no-max-time: used '--no-' for option that isn't a boolean\n",
            ),
            (
                "-m -1 u",
                "curl: option -m: expected a positive numerical parameter\n",
            ),
            ("-s", "curl: no URL specified!\n"),
        ] {
            let e = parse(&argv(line)).unwrap_err();
            assert_eq!((e.status, e.stderr), (2, format!("{first}{TRY}")), "{line}");
        }
    }

    #[test]
    fn clusters_prefixes_and_outputs_pair_with_urls() {
        let Ok(CurlOp::Transfer(a)) = parse(&argv("-sSoout --no-sil --connect-ti 2 a -O b")) else {
            panic!("parsed")
        };
        assert!(!a.silent && a.show_error);
        assert_eq!(a.connect_timeout, Some(2.0));
        let outs: Vec<_> = a.targets.iter().map(|t| t.output.clone()).collect();
        assert_eq!(
            outs,
            [Some(Output::File("out".into())), Some(Output::Remote)]
        );
        assert_eq!(parse(&argv("-sV --foo")), Ok(CurlOp::Version));
    }
}
