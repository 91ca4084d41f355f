# modprobe's (kmod 30) getopt table and messages. Only unknown modules of
# a named release are asked for: nothing is loaded into the real kernel.
# needs: modprobe
modprobe
modprobe -z
modprobe --foo
modprobe --rem x
modprobe -C
modprobe --config
modprobe -w
modprobe -V
modprobe --version
modprobe -h
modprobe -q
modprobe -r
modprobe -S 6.1.0-27-amd64 nosuch
modprobe -S 6.1.0-27-amd64 -q nosuch
modprobe -a -S 6.1.0-27-amd64 nosuch other
modprobe -S 6.1.0-27-amd64 nosuch foo=1
modprobe -r -S 6.1.0-27-amd64 nosuch other
