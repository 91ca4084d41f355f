# Option mistakes in the text tools are getopt's lines, each tool's own
# follow-up (a Try line, grep's Usage line, sed's and gawk's usage) and
# its exit status: 2 for sort, grep and ls, 1 for the others.
ip netns add a
ip -n a -o -4 addr show | sort -Q
ip -n a -o -4 addr show | sort --ra
ip -n a -o -4 addr show | sort --reverse=yes
ip -n a -o -4 addr show | sort -k
ip -n a -o -4 addr show | sort -t ab
ip -n a -o -4 addr show | sort -k0
ip -n a -o -4 addr show | grep -Q lo
ip -n a -o -4 addr show | grep --co lo
ip -n a -o -4 addr show | grep -e
ip -n a -o -4 addr show | grep
ip -n a -o -4 addr show | grep -A x lo
ip -n a -o -4 addr show | grep -m x lo
ip -n a -o -4 addr show | head -Q
ip -n a -o -4 addr show | head -n
ip -n a -o -4 addr show | head -n 2x
ip -n a -o -4 addr show | head -5x
ip -n a -o -4 addr show | tail --lines
ip -n a -o -4 addr show | tail -n +x
ip -n a -o -4 addr show | cut -f
ip -n a -o -4 addr show | cut -f1 -c1
ip -n a -o -4 addr show | cut -f 0
ip -n a -o -4 addr show | cut -d ab -f1
ip -n a -o -4 addr show | cut -s -c1
ip -n a -o -4 addr show | cut
ip -n a -o -4 addr show | uniq --foo
ip -n a -o -4 addr show | uniq -c -D
ip -n a -o -4 addr show | wc --l
ip -n a -o -4 addr show | wc -Q
ip -n a -o -4 addr show | tr
ip -n a -o -4 addr show | tr -d a b
ip -n a -o -4 addr show | tee --foo
ip -n a -o -4 addr show | sed -Q p
ip -n a -o -4 addr show | sed --s p
ip -n a -o -4 addr show | sed -e
ip -n a -o -4 addr show | sed -n
ip -n a -o -4 addr show | awk -f
ip -n a -o -4 addr show | awk
ip -n a -o -4 addr show | awk -v bad 1
ip -n a -o -4 addr show | cat --nu
ip -n a -o -4 addr show | cat -Q
seq -Q
seq 1 2 3 4
seq -f %d 3
column -Q
mkdir -Q
mkdir
touch
ls --foo
sleep -1
sleep 1x
