# ExitOnForwardFailure turns the bind error into exit 255.
# needs: ssh sshd
# mask: mac ifindex port
ip netns add s
ip link add v1 netns s type veth peer name v1p
ip -n s link set lo up
ip -n s link set v1 up
ip link set v1p up
ip -n s addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
ssh-keygen -q -t ed25519 -N '' -f ~/.ssh/id_ed25519
cat ~/.ssh/id_ed25519.pub >> ~/.ssh/authorized_keys
ip netns exec s /usr/sbin/sshd
sleep 1
ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR -o ExitOnForwardFailure=yes -f -N -L 1.2.3.4:8080:127.0.0.1:80 root@10.1.0.2
