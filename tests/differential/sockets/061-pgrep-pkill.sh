# pgrep and pkill find background servers by name or command line and end them.
# needs: pgrep pkill nc
# mask: /^\d+( |$)/PID$1/
# mask: /\(pid \d+\)/(pid P)/
# mask: /^\d+,\d+$/PID,PID/
nc -l 8080 &
nc -l -p 9090 &
sleep 1
pgrep nc; echo rc=$?
pgrep -l nc
pgrep -a nc
pgrep -af 'nc -l 8080'
pgrep -c nc
pgrep -c nosuch; echo rc=$?
pgrep nosuch; echo rc=$?
pgrep -x n; echo rc=$?
pgrep -d, -x nc
pgrep -u root -l -x nc
pgrep -u nobody nc; echo rc=$?
pgrep -u alice nc; echo rc=$?
pgrep; echo rc=$?
pgrep a b; echo rc=$?
pgrep -la 'nc|zz'
pgrep -l '('; echo rc=$?
pgrep -n -o nc; echo rc=$?
pkill -0 -e -x nc; echo rc=$?
pkill -e -f 'nc -l 8080'; echo rc=$?
ss -tln 'sport = :8080'
pgrep -a nc
pkill -c nc; echo rc=$?
pkill nosuch; echo rc=$?
pkill; echo rc=$?
pkill -l nc; echo rc=$?
ss -tln 'sport = :9090'
