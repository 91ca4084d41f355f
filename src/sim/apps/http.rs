//! Python's `http.server` (3.11): directory listings, files, 404s, and its
//! access-log line.

use crate::sim::stack::transport::table::Conn;
use crate::sim::stack::world::World;

/// Python's `http.server` (3.11): a directory listing for `/`, a file's
/// bytes for a path to a file, 404 otherwise; `HEAD` gets headers only.
pub(crate) fn http_answer(world: &mut World, conn: &Conn, dir: &str, request: &[u8]) -> Vec<u8> {
    let req = String::from_utf8_lossy(request);
    let first = req.lines().next().unwrap_or("");
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or("GET").to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let date = http_date(world.wall_clock_s());
    let fs_path = format!(
        "{}/{}",
        dir.trim_end_matches('/'),
        path.trim_start_matches('/')
    );
    // A directory with an index.html (or index.htm) serves that file, as
    // SimpleHTTPRequestHandler.send_head does.
    let index = ["index.html", "index.htm"]
        .iter()
        .map(|n| format!("{}{n}", fs_path))
        .find(|p| path.ends_with('/') && world.fs.read(p).is_ok());
    let (status, ctype, body) = if method != "GET" && method != "HEAD" {
        // No do_POST (or other) method: send_error(501).
        let message = format!("Unsupported method ('{method}')");
        let page = error_page(501, &message, "Server does not support this operation");
        (format!("501 {message}"), "text/html;charset=utf-8", page)
    } else if let Some(p) = index {
        let text = world.fs.read(&p).unwrap_or_default().to_string();
        ("200 OK".into(), "text/html", text)
    } else if path.ends_with('/') {
        let mut names: Vec<String> = world.fs.list(&fs_path).unwrap_or_default();
        names.sort_by_key(|n| n.to_lowercase());
        let mut b =
            String::from("<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b += &format!("<title>Directory listing for {path}</title>\n</head>\n<body>\n<h1>Directory listing for {path}</h1>\n<hr>\n<ul>\n");
        for n in names {
            b += &format!("<li><a href=\"{n}\">{n}</a></li>\n");
        }
        b += "</ul>\n<hr>\n</body>\n</html>\n";
        ("200 OK".into(), "text/html; charset=utf-8", b)
    } else if let Ok(text) = world.fs.read(&fs_path).map(str::to_string) {
        let ctype = match path.rsplit('.').next() {
            Some("txt") | Some("conf") => "text/plain",
            Some("html") | Some("htm") => "text/html",
            Some("json") => "application/json",
            _ => "application/octet-stream",
        };
        ("200 OK".into(), ctype, text)
    } else {
        let page = error_page(404, "File not found", "Nothing matches the given URI");
        ("404 File not found".into(), "text/html;charset=utf-8", page)
    };
    let server = "Server: SimpleHTTP/0.6 Python/3.11.2";
    let len = body.len();
    let error = !status.starts_with('2');
    let mut out = if error {
        // send_error() adds Connection: close and spells Content-Type so.
        format!("HTTP/1.0 {status}\r\n{server}\r\nDate: {date}\r\nConnection: close\r\nContent-Type: {ctype}\r\nContent-Length: {len}\r\n\r\n")
    } else if ctype.starts_with("text/html") {
        format!("HTTP/1.0 {status}\r\n{server}\r\nDate: {date}\r\nContent-type: {ctype}\r\nContent-Length: {len}\r\n\r\n")
    } else {
        format!("HTTP/1.0 {status}\r\n{server}\r\nDate: {date}\r\nContent-type: {ctype}\r\nContent-Length: {len}\r\nLast-Modified: {date}\r\n\r\n")
    };
    if method != "HEAD" {
        out += &body;
    }
    // The server logs each request on stderr, as http.server does.
    // send_error() logs its `code 404, message ...` line first.
    let peer = conn.server_peer.ip();
    let when = log_date(world.wall_clock_s());
    let mut line = String::new();
    if let Some((code, message)) = status.split_once(' ').filter(|_| error) {
        line += &format!("{peer} - - [{when}] code {code}, message {message}\n");
    }
    line += &format!("{peer} - - [{when}] \"{first}\" {} -\n", &status[..3]);
    // http.server logs requests on stderr.
    world.proc_print(conn.server_pid, 2, &line);
    out.into_bytes()
}

/// send_error()'s page.
fn error_page(code: u16, message: &str, explain: &str) -> String {
    format!(
        "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        \
         <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        \
         <p>Error code: {code}</p>\n        <p>Message: {message}.</p>\n        \
         <p>Error code explanation: {code} - {explain}.</p>\n    </body>\n</html>\n"
    )
}

/// RFC 7231 date: `Wed, 01 Jan 2025 00:00:00 GMT`.
pub fn http_date(unix: u64) -> String {
    let d = crate::sim::dns::format_date(unix); // "Wed Jan 01 00:00:00 UTC 2025"
    let f: Vec<&str> = d.split(' ').collect();
    format!("{}, {} {} {} {} GMT", f[0], f[2], f[1], f[5], f[3])
}

/// http.server's log date: `01/Jan/2025 00:00:00`.
pub(crate) fn log_date(unix: u64) -> String {
    let d = crate::sim::dns::format_date(unix);
    let f: Vec<&str> = d.split(' ').collect();
    format!("{}/{}/{} {}", f[2], f[1], f[5], f[3])
}
