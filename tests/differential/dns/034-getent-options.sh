# getent through glibc 2.36's argp options: -i and -A change nothing for
# ASCII names, an option error says it all on stderr (exit 64), a missing
# or unknown database puts its Try line on stdout (exit 1).
getent -i hosts localhost
getent -A hosts localhost
getent --no-idn hosts localhost
getent -z
getent --foo hosts
getent -s
getent
getent foo
getent hosts nosuchname.invalid
