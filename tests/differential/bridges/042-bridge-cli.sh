# bridge's options and keywords as bridge.c reads them: prefixes, words
# `bridge link show` and `fdb show` skip, and the errors of each.
# mask: mac ifindex
ip netns add a
ip -n a link add br0 type bridge
ip -n a link add x1 type veth peer name x2
ip -n a link set x1 master br0
bridge -n a l
bridge -n a link show foo bar
bridge -n a link show dev x1
bridge -n a link show dev
bridge -n a link show dev nope
bridge -n a -d l show dev x1
bridge -n a --details link show dev x1
bridge -n a link set dev nope learning off
bridge -n a link set dev x1 learning maybe
bridge -n a link set learning off
bridge -n a link set dev x1 foo
bridge -n a link set dev x1 learning off
bridge -n a link foo
bridge -n a fdb show br nope
bridge -n a fdb show dev nope
bridge -n a fdb foo
bridge -n a f s br br0 dynamic
bridge -n a foo
bridge -n nope link
bridge -n
bridge -x
bridge --x
bridge
bridge help
bridge -V
