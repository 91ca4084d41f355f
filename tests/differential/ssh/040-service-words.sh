# service(8)'s words, read as Debian's script reads them: usage on
# stderr, -h and -V anywhere, an unknown service, and the ssh init
# script's own usage (on stdout, with its period). Only commands that
# start or stop nothing are run on the real host.
service
service --help
service ssh -h
service --hx
service -V
service ssh start -V
service foo start
service sshd status
service ssh
service ssh bogus
service --status-all x
