# whoami, id and uname: root on a Debian 12 kernel; options, operands and
# coreutils' messages (the kernel release varies by machine: masked).
# needs: whoami id uname
# mask: /\d+\.\d+\.\d+-[0-9a-z.-]+/RELEASE/
whoami
whoami x; echo rc=$?
id
id -u
id -un
id -gn
id -G
id -Gn
id root
id -u root
id nobodyx; echo rc=$?
id -n; echo rc=$?
id -u -g; echo rc=$?
id -ur
uname
uname -s
uname -n
uname -m
uname -o
uname -p
uname -i
uname -rs
uname -srm
uname -mrs
uname x; echo rc=$?
uname -q; echo rc=$?
uname -a | cut -d' ' -f1-4
