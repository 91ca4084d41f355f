# Option words go through gnulib's argmatch: a unique prefix is enough,
# a prefix shared by different values is ambiguous.
echo a | tee --output-error=warn-n
echo a | tee --output-error=e
echo a | tee --output-error=bogus
echo a | tee --output-error=
printf 'a\na\nb\n' | uniq --all-repeated=n
printf 'a\na\nb\n' | uniq --all-repeated=x
printf 'a\na\nb\n' | uniq --all-repeated=
echo a | tail --follow=d
