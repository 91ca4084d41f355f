# A refusal ends the search list: bind9's host, nslookup and dig +search
# stop there, naming the candidate refused; glibc skips the rest of the
# list but still asks the name as given. +nottlid and +noclass drop
# their columns.
# needs: dnsmasq dig
# mask: mac ifindex time id port
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
mkdir -p /etc/netns/a
printf "nameserver 10.1.0.1\nsearch lab svc.lab\noptions ndots:2\n" > /etc/netns/a/resolv.conf
printf "10.1.0.90 db.lab db\n" >> /etc/hosts
dnsmasq --no-resolv --listen-address=10.1.0.1 --bind-interfaces --address=/web.lab/10.1.0.80 --cname=www.lab,web.lab --host-record=api.svc.lab,10.1.0.81 --txt-record=web.lab,"v=1" --mx-host=lab,mail.lab,10 --srv-host=_http._tcp.lab,web.lab,80
ip netns exec a dig +short web.lab
ip netns exec a dig +short www
ip netns exec a dig +short +search www
ip netns exec a dig +short api
ip netns exec a dig +search +short api
ip netns exec a dig +short TXT web.lab
ip netns exec a dig +short MX lab
ip netns exec a dig +short SRV _http._tcp.lab
ip netns exec a dig +noall +answer www.lab
ip netns exec a dig +noall +answer +ttlid www.lab
ip netns exec a dig +noall +answer +nottlid www.lab
ip netns exec a dig +noall +answer +noclass www.lab
ip netns exec a dig +noall +answer +nottlid +noclass www.lab
ip netns exec a dig -x 10.1.0.81 +short
ip netns exec a dig +short db.lab
ip netns exec a getent hosts db
ip netns exec a getent hosts api
ip netns exec a getent ahosts web.lab
ip netns exec a host web.lab
ip netns exec a host -t MX lab
ip netns exec a host nosuch.lab; echo rc=$?
ip netns exec a nslookup api
ip netns exec a nslookup -type=SRV _http._tcp.lab
ip netns exec a nslookup web.lab 10.1.0.1
ip netns exec a ping -c1 -W1 api | head -1
ip netns exec a ping -c1 -W1 db | head -1
ip netns exec a dig +short @10.1.0.1 -p 5353 web.lab; echo rc=$?
ip netns exec a dig +short web.lab A web.lab TXT
ip netns exec a dig +nocmd +nocomments +nostats web.lab
ip netns exec a dig web.lab +noall +answer +authority
