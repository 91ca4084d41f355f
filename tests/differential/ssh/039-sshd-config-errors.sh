# sshd -t's configuration errors, CR LF as sshd logs to stderr: a bad
# value is fatal at once ("FILE line N:"), an unknown keyword is reported
# ("FILE: line N:") and then sshd gives up; -o options are line 0 of
# "command-line", an unknown one exits 1.
# needs: /usr/sbin/sshd
/usr/sbin/sshd -t -o Foo=bar
/usr/sbin/sshd -t -o Port=abc
/usr/sbin/sshd -t -o PermitRootLogin=maybe
printf 'Port abc\n' > /etc/ssh/sshd_config
/usr/sbin/sshd -t
printf 'Foo bar\n' > /etc/ssh/sshd_config
/usr/sbin/sshd -t
printf '# x\nGatewayPorts maybe\n' > /etc/ssh/sshd_config
/usr/sbin/sshd -t
