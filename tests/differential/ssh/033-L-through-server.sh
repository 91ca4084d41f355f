# ssh -L to a third host reached from the server.
# needs: ssh sshd curl python3
# mask: mac ifindex port clock
ip netns add s
ip netns add w
ip link add v1 netns s type veth peer name v1p
ip link add v2 netns s type veth peer name v2w netns w
ip -n s link set lo up
ip -n w link set lo up
ip -n s link set v1 up
ip -n s link set v2 up
ip -n w link set v2w up
ip link set v1p up
ip -n s addr add 10.1.0.2/24 dev v1
ip -n s addr add 10.2.0.1/24 dev v2
ip -n w addr add 10.2.0.2/24 dev v2w
ip addr add 10.1.0.1/24 dev v1p
sleep 1
mkdir -p /tmp/www
printf "web\n" > /tmp/www/index.html
ip netns exec w python3 -m http.server 8080 --bind 10.2.0.2 --directory /tmp/www &
sleep 1
ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
ssh-keygen -q -t ed25519 -N '' -f ~/.ssh/id_ed25519
cat ~/.ssh/id_ed25519.pub >> ~/.ssh/authorized_keys
ip netns exec s /usr/sbin/sshd
sleep 2
curl -s --max-time 1 http://10.2.0.2:8080/
ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR -f -N -L 8888:10.2.0.2:8080 root@10.1.0.2
curl -s http://127.0.0.1:8888/
