//! `ip netns`: add, delete, list, exec, identify (ip-netns(8)).

use super::*;

impl Ip<'_, '_> {
    // ---- ip netns -------------------------------------------------------------
    pub(crate) fn netns(&mut self, args: &[String]) -> R {
        let cmd = args.first().map(String::as_str).unwrap_or("list");
        let name = args.get(1);
        if matches(cmd, "list") || cmd == "show" || cmd == "ls" {
            let mut s = String::new();
            for (n, id) in self.ctx.world.netns_list(self.ns) {
                match id {
                    Some(id) => s += &format!("{n} (id: {id})\n"),
                    None => s += &format!("{n}\n"),
                }
            }
            let rows: Vec<Vec<String>> = self
                .ctx
                .world
                .netns_list(self.ns)
                .into_iter()
                .map(|(n, id)| vec![n.to_string(), id.map(|i| i.to_string()).unwrap_or_default()])
                .collect();
            let html = crate::display::html::table(&["namespace", "id"], &rows);
            return Ok(CmdOutput::rich(
                crate::display::MimeBundle::plain(s).with_html(html),
            ));
        }
        if matches(cmd, "add") {
            let n = name.ok_or_else(|| usage(255, "No netns name specified"))?;
            self.w().netns_add(n).map_err(|e| fail(1, e))?;
            return Ok(CmdOutput::default());
        }
        if matches(cmd, "delete") {
            let n = name.ok_or_else(|| usage(255, "No netns name specified"))?;
            self.w().netns_del(n).map_err(|e| fail(1, e))?;
            return Ok(CmdOutput::default());
        }
        if matches(cmd, "identify") {
            let n = self.ctx.world.ns(self.ns).name.clone();
            return Ok(CmdOutput::text(
                n.map(|n| format!("{n}\n")).unwrap_or_default(),
            ));
        }
        if matches(cmd, "exec") {
            let n = name.ok_or_else(|| usage(255, "No netns name specified"))?;
            self.ctx.world.ns_id(Some(n)).map_err(|e| fail(255, e))?;
            let inner = &args[2..];
            if inner.is_empty() {
                return Err(usage(255, "No command specified"));
            }
            let mut warn = String::new();
            let dir = format!("/etc/netns/{n}");
            if let Ok(entries) = self.ctx.world.fs.list(&dir) {
                for e in entries {
                    if !self.ctx.world.fs.exists(&format!("/etc/{e}")) {
                        warn += &format!(
                            "Bind {dir}/{e} -> /etc/{e} failed: No such file or directory\n"
                        );
                    }
                }
            }
            let saved = self.ctx.netns.replace(n.clone());
            let mut out = run_argv(self.ctx, inner);
            self.ctx.netns = saved;
            if out.status == 127 && out.stderr.starts_with("bash: ") {
                // ip execs the program itself; there is no bash to complain.
                let prog = &inner[0];
                out.stderr = format!(
                    "exec of \"{prog}\" failed: No such file or directory\n{}",
                    out.stderr
                        .lines()
                        .skip(1)
                        .map(|l| format!("{l}\n"))
                        .collect::<String>()
                );
                out.status = 255;
            }
            out.stderr = warn + &out.stderr;
            return Ok(out);
        }
        Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip netns help\"."),
        ))
    }
}
