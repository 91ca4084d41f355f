# sshd with an unknown option.
# needs: ssh sshd
# mask: mac ifindex port
/usr/sbin/sshd -Z
