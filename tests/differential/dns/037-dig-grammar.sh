# dig's command line against dnsmasq: several names make several
# lookups, a type or class word belongs to the name before it (or to all
# when it comes first), -t ends those words, -q and -x start lookups,
# +options spelt short, their no forms, -p with nobody on that port.
# needs: dnsmasq dig
# mask: mac ifindex id time
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
mkdir -p /etc/netns/a
printf "nameserver 10.1.0.1\n" > /etc/netns/a/resolv.conf
dnsmasq --no-resolv --no-hosts --listen-address=10.1.0.1 --bind-interfaces --address=/web.lab/10.1.0.80 --cname=www.lab,web.lab --mx-host=lab,mail.lab,10
ip netns exec a dig +noall +answer web.lab www.lab
ip netns exec a dig +short web.lab MX www.lab
ip netns exec a dig +shor @10.1.0.1 -t A web.lab
ip netns exec a dig +short -q web.lab -q www.lab
ip netns exec a dig +noall +answer +nocmd web.lab A IN
ip netns exec a dig +noall +answer -t mx lab
ip netns exec a dig +noall +answer lab mx web.lab
ip netns exec a dig +noall +answer MX lab web.lab
ip netns exec a dig +noal +ans +nocookie +noad +ign -4 web.lab
ip netns exec a dig +short -t BOGUS web.lab
ip netns exec a dig +short web.lab A A
ip netns exec a dig web.lab +short +nocmd
ip netns exec a dig +nocmd +noquestion +nostats web.lab
ip netns exec a dig +nocmd +noedns web.lab
ip netns exec a dig +nocmd +nocomments +nostats web.lab www.lab +noquestion
ip netns exec a dig +short +tries=1 +time=1 web.lab @10.1.0.1 -p 5353
ip netns exec a dig +short +retry=0 -p5353 web.lab
ip netns exec a dig +short % web.lab
ip netns exec a dig +noall +answer web.lab @10.1.0.1 www.lab @10.1.0.9 +tries=1 +time=1
ip netns exec a dig +short a..b web.lab
ip netns exec a dig +short web.lab a..b
ip netns exec a dig +short -x 2001:db8::1
ip netns exec a dig +short @nosuch.lab web.lab
