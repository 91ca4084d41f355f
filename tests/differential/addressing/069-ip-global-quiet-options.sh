# ip's global options that change nothing outside ip monitor, JSON,
# -human and flush rounds: -timestamp, -tshort, -pretty, -iec, -loops,
# -rcvbuf, and -human without -s.
# mask: mac ifindex
ip netns add a
ip -n a -t -pretty -iec -loops 3 -rc 100 link show lo
ip -n a -ts -br link show lo
ip -n a -h link show lo
ip -n a -iec -s link show lo
