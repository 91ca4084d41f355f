# Objects and commands as iproute2 abbreviates them (ip a, ip l s, ip r g,
# ip n), each object's help, and the errors of unknown objects and
# commands and of keywords missing their value.
# mask: mac ifindex
ip netns add a
ip -n a link add v1 type veth peer name v2
ip -n a a add 10.1.0.1/24 dev v1
ip -n a l s v1 up
ip -n a l s dev v2 up
ip -n a r
ip -n a r a 10.2.0.0/16 via 10.1.0.2
ip -n a ro append 10.3.0.0/16 via 10.1.0.2 metric 5
ip -n a r s
ip -n a r li 10.2.0.0/16
ip -n a r g 10.2.0.1
ip -n a r g 10.9.0.1
ip -n a r g
ip -n a r g to 10.1.0.7
ip -n a -4 a s dev v1
ip -n a -4 addr sh v1
ip -n a l ls lo
ip -n a r d 10.2.0.0/16
ip -n a r del 10.3.0.0/16 via 10.1.0.2 metric 5
ip -n a r
ip netns l
ip net
ip -n a foo
ip -n a '' link
ip -n a a foo
ip -n a l foo
ip -n a r foo
ip -n a n foo
ip netns foo
ip -n a link set dev
ip -n a link set
ip -n a l s
ip -n a a s dev
ip -n a link show dev
ip -n a link show nope
ip -n a link show master nope
ip -n a link show v1 v2
ip -n a r a 10.4.0.0/16 via
ip -n a r a 10.4.0.1/16 dev v1
ip -n a r a 10.4.0.0/16 dev nope
ip -n a r a 10.4.0.0/16 10.5.0.0/16
ip -n a r a 10.4.0.0/16 metric x dev v1
ip -n a r a 10.4.0.0/16 dev v1 scope bogus
ip -n a r flush
ip -n a link help
ip -n a addr help
ip -n a route help
ip -n a neigh help
ip netns help
ip -n a link show help
ip -n a addr show he
