"""Jupyter's own conformance suite against the netbook kernel."""
import jupyter_kernel_test


class NetbookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "netbook"
    language_name = "netbook"
    file_extension = ".sh"

    code_hello_world = "echo 'hello, world'"
    code_stderr = "cat /etc/resolve.conf"

    completion_samples = [
        {"text": "ech", "matches": {"echo"}},
        {"text": "cat /etc/hostn", "matches": {"/etc/hostname"}},
    ]

    complete_code_samples = ["echo ok", "cat /etc/hosts | grep local", "ip_forward=1 # comment"]
    incomplete_code_samples = ["echo 'open quote", "ip link add \\", "cat <<EOF\nline", "echo a |"]
    invalid_code_samples = ["; ;", "echo a && && echo b"]

    code_generate_error = "nosuchcommand --flag"

    code_execute_result = [
        {
            "code": "help echo",
            "result": "echo - display a line of text\n  한 줄의 텍스트를 출력합니다 (리다이렉션으로 파일에 쓰기)\n\nUsage: echo [-n] [-e] [STRING]...\n",
        },
        {"code": "help echo", "mime": "text/html"},
    ]
    code_display_data = [{"code": "help echo; true", "mime": "text/html"}]

    code_history_pattern = "help ec?o"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "grep"
    code_clear_output = "echo one; clear; echo two"

    # complete_reply carries each candidate's type for JupyterLab.
    def test_completion_types(self):
        self.flush_channels()
        msg_id = self.kc.complete("ssh -")
        reply = self.get_non_kernel_info_reply(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        content = reply["content"]
        typed = content["metadata"]["_jupyter_types_experimental"]
        self.assertEqual([t["text"] for t in typed], content["matches"])
        self.assertIn("-N", content["matches"])
        self.assertTrue(all(t["type"] == "option" for t in typed))
        self.assertTrue(all(len(m) == 2 for m in content["matches"]))


class NetbookIopubWelcome(jupyter_kernel_test.IopubWelcomeTests):
    kernel_name = "netbook"
    support_iopub_welcome = True
