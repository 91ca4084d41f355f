# host's options through ISC's getopt: its own error words ("illegal
# option", no quotes) with the usage text on stderr, a missing value, an
# invalid type, no name. (Lookups are compared in the scripts that run a
# server: this machine reaches none.)
host -z
host -4z
host -t
host -t BOGUS localhost
host -tBOGUS localhost
host
