# ssh-keygen's plain getopt: clusters, attached values, operands and
# OpenSSH's own option errors (no program name, then the usage).
# needs: ssh-keygen
cd /tmp
ssh-keygen -T
ssh-keygen -t
ssh-keygen --foo
ssh-keygen -q -t ed25519 -N '' -f k extra
ssh-keygen -qted25519 -N '' -fk2 -Cme; echo $?
ssh-keygen -lfk2 | cut -d' ' -f1,3-
ssh-keygen -l -f nope
ssh-keygen -yf k2 | cut -d' ' -f1,3
ssh-keygen -l -- -f k2
