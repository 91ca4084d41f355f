# The text tools a lab pipes into read their options as getopt_long does:
# clusters (-rn, -tn), attached values (-d, -f2 -k2,2 -n3), long options
# and their unambiguous prefixes, `--`, head's obsolete -N, and tr's and
# awk's stop at the first operand.
# mask: ifindex
ip netns add a
ip -n a link add v1 type veth peer name v2
ip -n a addr add 10.1.0.1/24 dev v1
ip -n a addr add 10.1.0.20/24 dev v1
ip -n a addr add 10.1.0.3/24 dev v1
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | sort -t. -k4,4nr
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | sort --field-separator=. --key=4 --numeric-sort --rev
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | sort -tn -k1
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | cut -d. -f4 | sort -rn | head -n1
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | cut -d/ -f1 --output-delimiter=: | cut -c1-4,8-
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | cut --delim=. --fields=1,4 --out=-
ip -n a -o -4 addr show dev v1 | grep -c --fixed-strings 10.1.0.
ip -n a -o -4 addr show dev v1 | grep -cF -e 10.1.0.2 -e 10.1.0.3
ip -n a -o -4 addr show dev v1 | grep --cou 10.1
ip -n a -o -4 addr show dev v1 | grep -o '10\.1\.0\.[0-9]*' | grep -vx -- 10.1.0.1
ip -n a -o -4 addr show dev v1 | grep -n -A1 10.1.0.20 | cut -d' ' -f1
ip -n a -o -4 addr show dev v1 | head -2 | tail -n1 | awk -F'[ /]+' '{print $4}'
ip -n a -o -4 addr show dev v1 | head --lines=1 | wc --words
ip -n a -o -4 addr show dev v1 | awk '{print $2}' | uniq -c
ip -n a -o -4 addr show dev v1 | awk '{print $2}' | uniq --count --repeated
ip -n a -o -4 addr show dev v1 | awk -v OFS=, -- '{print $2, $4}'
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | tr -d ./ | sort -n
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | tr . -
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | sed -nE 's/^10\.1\.0\.([0-9]+)\/24$/host \1/p'
ip -n a -o -4 addr show dev v1 | awk '{print $4}' | sed --quiet --expression='2p'
ip -n a -o -4 addr show dev v1 | wc -l
seq -s, 3 | tr , '\n' | sort -r | tr '\n' ' '; echo
seq -w 8 10 | head -c 6; echo
printf 'b\na\nb\n' | sort -u -- -
