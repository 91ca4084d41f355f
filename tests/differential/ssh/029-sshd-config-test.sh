# sshd -t checks the configuration.
# needs: ssh sshd
# mask: mac ifindex port
ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
/usr/sbin/sshd -t
/usr/sbin/sshd -t -o GatewayPorts=maybe
