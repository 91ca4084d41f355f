# dig's own grammar, refused before any lookup: +options spelt far enough
# to be told apart (+sho is not +short), a value that is missing or not a
# number, dash letters dig does not know or that lack their value, -4
# with -6. (Lookups are compared in the scripts that run a server.)
dig +sho example.com
dig +s
dig +nosh example.com
dig +SHORT example.com
dig +time= example.com
dig +tries example.com
dig +tries=x example.com
dig +tries=99999999999 example.com
dig +ti=abc example.com
dig +retry=-1 example.com
dig +notries=2 example.com
dig +ndots example.com
dig +nosearch=1 +frob=2 example.com
dig +=foo example.com
dig -t
dig example.com -q
dig -z
dig -4z example.com
dig -debug
dig - example.com
dig -p 99999 example.com
dig -p x example.com
dig -b 1.2.3 example.com
dig -b 10.0.0.1#x example.com
dig -4 -6 example.com
dig -y foo example.com
dig -t BOGUS +tries=x example.com
dig -c BOGUS -p 70000 example.com
dig +short -h
dig + +frob example.com
dig +nodnssec +noidnout +frob example.com
dig +padding example.com
dig +bufsize=x example.com
dig +nobufsize example.com
dig +edns=256 example.com
dig +qid=70000 example.com
dig +nondots=1 example.com
dig +domain example.com
dig -x 10.0.0.1 -t MX +tries=x
