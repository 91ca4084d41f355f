# Moving a link into a namespace gives the namespace it left an nsid for
# it, so `ip netns list` shows an id for every namespace a link went to.
# mask: mac ifindex
ip netns add red
ip netns add blue
ip link add veth-red type veth peer name veth-blue
ip link set veth-red netns red
ip link set veth-blue netns blue
ip netns list | sed 's/(id: [0-9]*)/(id: N)/'
ip -n red netns list | sed 's/(id: [0-9]*)/(id: N)/'
ip -n blue netns list | sed 's/(id: [0-9]*)/(id: N)/'
ip netns add green
ip -n red link add d0 type veth peer name d1
ip -n red link set d1 netns green
ip -n red netns list | sed 's/(id: [0-9]*)/(id: N)/'
ip -n green netns list | sed 's/(id: [0-9]*)/(id: N)/'
ip netns list | sed 's/(id: [0-9]*)/(id: N)/'
