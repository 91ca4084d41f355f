# nslookup's command line against dnsmasq: -type= and its short forms
# (-t= is the timeout), a type after the name that only drops the AAAA
# follow-up, options it does not know or cannot read reported on stdout
# before the lookup goes on, a third word, -timeout= and -retry= against
# a server nobody runs.
# needs: dnsmasq nslookup
# mask: mac ifindex
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
ip netns exec a nslookup -frob web.lab
ip netns exec a nslookup -type=bogus web.lab
ip netns exec a nslookup -t=mx web.lab
ip netns exec a nslookup -q=mx lab
ip netns exec a nslookup -querytype=MX lab
ip netns exec a nslookup -QUERY=mx lab 10.1.0.1
ip netns exec a nslookup -ty=cname www.lab
ip netns exec a nslookup web.lab -type=mx
ip netns exec a nslookup -type=A -type=MX lab
ip netns exec a nslookup -port=x web.lab
ip netns exec a nslookup -port=53 web.lab 10.1.0.1
ip netns exec a nslookup web.lab 10.1.0.1 extra
ip netns exec a nslookup -nosearch -nodebug -sil -fail -rec web.lab
ip netns exec a nslookup -class=bogus -cl=IN web.lab
ip netns exec a nslookup -query web.lab
ip netns exec a nslookup -retry=x -timeout=y web.lab
ip netns exec a nslookup -timeout=1 -retry=1 web.lab 10.1.0.9
