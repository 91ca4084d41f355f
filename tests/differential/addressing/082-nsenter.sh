# nsenter: another process's network namespace (-t PID -n), a named one
# (--net=/var/run/netns/NAME), /proc/self; its errors and exit statuses.
# needs: nsenter ip
ip netns add red
nsenter --net=/var/run/netns/red ip -br link; echo rc=$?
nsenter --net=/run/netns/red ip -br link
nsenter --net=/var/run/netns/nope ip a; echo rc=$?
nsenter -n ip -br a; echo rc=$?
nsenter -t 999999 -n true; echo rc=$?
nsenter --net=/var/run/netns/red nosuch; echo rc=$?
nsenter -x; echo rc=$?
nsenter --net=/etc/hosts true; echo rc=$?
nsenter -n/var/run/netns/red ip -br link; echo rc=$?
nsenter --net /var/run/netns/red true; echo rc=$?
nsenter -t x -n true; echo rc=$?
nsenter --net=/proc/self/ns/net ip -br link show lo
