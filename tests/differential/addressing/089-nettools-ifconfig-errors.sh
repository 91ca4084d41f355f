# net-tools ifconfig's errors: an unknown device (show and set), the
# kernel's answers to SIOCSIFMTU, SIOCSIFNETMASK, SIOCSIFBRDADDR and
# SIOCSIFADDR, a missing value (the usage, status 3), unknown options,
# --help (usage on stdout, the lists on stderr) and -V.
# needs: ifconfig
ip link add v1 type veth peer name v2
ip link set v2 up
ifconfig nosuch
ifconfig -s nosuch
ifconfig nosuch up
ifconfig nosuch down
ifconfig nosuch mtu 1400
ifconfig nosuch 10.0.0.1 netmask 255.0.0.0 mtu 1400 down
ifconfig v1 mtu 20
ifconfig v1 mtu x
ifconfig v1 mtu 70000
ifconfig -v v1 mtu 20
ifconfig v1 netmask 255.255.0.0
ifconfig v1 broadcast 10.255.255.255
ifconfig v1 224.0.0.1
ifconfig v1 | head -1
ifconfig v1 10.1.0.1 netmask 255.0.255.0
ifconfig v1 | head -2
ifconfig v1 mtu
ifconfig v1 netmask
ifconfig v1 netmask 255.0.0.0 netmask 255.0.0.0
ifconfig v1 10.2.0.1/x
ifconfig -x
ifconfig -a -z v1
ifconfig --help
ifconfig -h
ifconfig -V
ifconfig --version
