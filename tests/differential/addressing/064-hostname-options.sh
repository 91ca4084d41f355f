# hostname 3.23's options through getopt_long: long names and prefixes,
# its usage text on stdout with exit 255 after an option error or extra
# names, -V on stderr.
hostname
hostname -s
hostname --sh
hostname --short
hostname -V
hostname -z
hostname --foo
hostname -F
hostname a b
hostname -h
