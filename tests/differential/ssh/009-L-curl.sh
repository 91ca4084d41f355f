# A local forward reaches a server bound to the remote loopback.
# needs: ssh sshd curl python3
# mask: mac ifindex port clock
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
mkdir -p /tmp/www
printf "hello\n" > /tmp/www/index.html
ip netns exec s python3 -m http.server 8080 --bind 127.0.0.1 --directory /tmp/www &
sleep 2
curl -s --max-time 2 http://10.1.0.2:8080/
ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR -f -N -L 8888:127.0.0.1:8080 root@10.1.0.2
curl -s http://127.0.0.1:8888/
