# dmesg's option errors through util-linux's getopt_long table. Only
# errors and --version: the ring buffer is the machine's, not the
# namespace's, so nothing here reads or clears it.
# needs: dmesg
dmesg -z
dmesg --foo
dmesg -l
dmesg a
dmesg -V
dmesg --vers
