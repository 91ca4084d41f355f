# sort -b and the b key flag skip leading blanks: the whole line, a key
# without flags of its own, or just the key that asks.
printf ' b\na\n  c\n' | sort
printf ' b\na\n  c\n' | sort -b
printf ' b\na\n  c\n' | sort --ignore-leading-blanks -r
printf 'x  b 1\nx a 2\nx   c 3\n' | sort -k2
printf 'x  b 1\nx a 2\nx   c 3\n' | sort -k2b
printf 'x  b 1\nx a 2\nx   c 3\n' | sort -b -k2,2
printf 'x  b 1\nx a 2\nx   c 3\n' | sort -b -k2,2f
printf 'x  b 1\nx a 2\nx   c 3\n' | sort -k2.2b,2
printf 'x  b 1\nx a 2\nx   c 3\n' | sort -k2.1,2.1b
printf 'x  b 1\nx a 2\nx   c 3\n' | sort -k2b,2.1b
printf 'k: 10\nk:9\nk:  8\n' | sort -t: -k2
printf 'k: 10\nk:9\nk:  8\n' | sort -t: -k2b
printf 'k: 10\nk:9\nk:  8\n' | sort -t: -k2n
