// attack: sorting millions of items is one C call that ignores the timeout
// must: LimitError naming the sort bound
// expect: limit
// limits: timeout=1
// isolate: yes
x = range(1500000);
x.sort(true);
