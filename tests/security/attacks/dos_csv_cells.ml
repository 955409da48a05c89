// attack: a long string of commas becomes millions of CSV cells (csv.read_string) (about 1 GB of objects)
// must: LimitError (cell bound)
// expect: limit
// limits: timeout=2
// isolate: yes
import csv;
rows = csv.read_string("," * 8000000, ",", false);
