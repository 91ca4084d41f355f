# `ip -j rule show`: priority, source, table of the three default rules,
# selected by table or priority; `-p`; `-6` has no `default` rule.
ip -j rule show
ip -j -p rule list
ip -j rule show table main
ip -j rule show pref 0
ip -j -p rule show table 100
ip -6 -j rule
