//! iproute2's JSON writer (lib/json_writer.c), byte for byte: the compact
//! form of `ip -j` and the indented form of `ip -j -p`, whose quirks
//! (`[ {`, `},{`, `[ ]`, values of an array on one line) come from where
//! json_writer.c puts its separators and newlines.

/// A document being written: iproute2's `json_writer_t`.
pub(crate) struct Json {
    out: String,
    pretty: bool,
    depth: usize,
    /// The separator owed before the next element (`,` or none).
    sep: bool,
}

impl Json {
    pub(crate) fn new(pretty: bool) -> Json {
        Json {
            out: String::new(),
            pretty,
            depth: 0,
            sep: false,
        }
    }

    /// The document with the newline jsonw_destroy ends it with.
    pub(crate) fn finish(mut self) -> String {
        self.out.push('\n');
        self.out
    }

    fn eol(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("    ");
            }
        }
    }

    fn eor(&mut self) {
        if self.sep {
            self.out.push(',');
        }
        self.sep = true;
    }

    fn begin(&mut self, c: char) {
        self.eor();
        self.out.push(c);
        self.depth += 1;
        self.sep = false;
    }

    fn end(&mut self, c: char) {
        self.depth = self.depth.saturating_sub(1);
        if self.sep {
            self.eol();
        }
        self.out.push(c);
        self.sep = true;
    }

    /// `"key":` before a member's value.
    pub(crate) fn name(&mut self, key: &str) -> &mut Self {
        self.eor();
        self.eol();
        self.sep = false;
        self.quoted(key);
        self.out.push(':');
        if self.pretty {
            self.out.push(' ');
        }
        self
    }

    pub(crate) fn open(&mut self) -> &mut Self {
        self.begin('{');
        self
    }

    pub(crate) fn close(&mut self) -> &mut Self {
        self.end('}');
        self
    }

    pub(crate) fn open_array(&mut self) -> &mut Self {
        self.begin('[');
        if self.pretty {
            self.out.push(' ');
        }
        self
    }

    pub(crate) fn close_array(&mut self) -> &mut Self {
        if self.pretty && self.sep {
            self.out.push(' ');
        }
        self.sep = false;
        self.end(']');
        self
    }

    /// A string value.
    pub(crate) fn string(&mut self, v: &str) -> &mut Self {
        self.eor();
        self.quoted(v);
        self
    }

    /// A number, a boolean or another value written as it is.
    pub(crate) fn raw(&mut self, v: impl std::fmt::Display) -> &mut Self {
        self.eor();
        self.out.push_str(&v.to_string());
        self
    }

    /// `"key":"value"`.
    pub(crate) fn str_at(&mut self, key: &str, v: &str) -> &mut Self {
        self.name(key).string(v)
    }

    /// `"key":value` for a number or a boolean.
    pub(crate) fn raw_at(&mut self, key: &str, v: impl std::fmt::Display) -> &mut Self {
        self.name(key).raw(v)
    }

    /// `"key":["a","b"]`.
    pub(crate) fn strings_at<S: AsRef<str>>(&mut self, key: &str, vs: &[S]) -> &mut Self {
        self.name(key).open_array();
        for v in vs {
            self.string(v.as_ref());
        }
        self.close_array()
    }

    /// jsonw_puts: only these characters are escaped.
    fn quoted(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '\t' => self.out.push_str("\\t"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\x0c' => self.out.push_str("\\f"),
                '\x08' => self.out.push_str("\\b"),
                '\\' => self.out.push_str("\\\\"),
                '"' => self.out.push_str("\\\""),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(pretty: bool) -> String {
        let mut j = Json::new(pretty);
        j.open_array().open();
        j.raw_at("ifindex", 3)
            .strings_at("flags", &["UP", "LOWER_UP"]);
        j.name("addr_info").open_array();
        for a in ["10.0.0.1", "a\"b\\c/d"] {
            j.open()
                .str_at("local", a)
                .raw_at("secondary", true)
                .close();
        }
        j.close_array();
        j.strings_at::<&str>("cache", &[]);
        j.name("linkinfo")
            .open()
            .str_at("info_kind", "veth")
            .close();
        j.close().open().close().close_array();
        j.finish()
    }

    #[test]
    fn compact_and_pretty_forms_are_iproute2s() {
        assert_eq!(
            doc(false),
            "[{\"ifindex\":3,\"flags\":[\"UP\",\"LOWER_UP\"],\"addr_info\":[{\"local\":\"10.0.0.1\",\"secondary\":true},{\"local\":\"a\\\"b\\\\c/d\",\"secondary\":true}],\"cache\":[],\"linkinfo\":{\"info_kind\":\"veth\"}},{}]\n"
        );
        assert_eq!(
            doc(true),
            r#"[ {
        "ifindex": 3,
        "flags": [ "UP","LOWER_UP" ],
        "addr_info": [ {
                "local": "10.0.0.1",
                "secondary": true
            },{
                "local": "a\"b\\c/d",
                "secondary": true
            } ],
        "cache": [ ],
        "linkinfo": {
            "info_kind": "veth"
        }
    },{} ]
"#
        );
    }
}
