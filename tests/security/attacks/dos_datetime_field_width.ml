// attack: datetime format directives with field widths ("%1000Y" is 6 characters, 1000 out)
// must: LimitError before strftime builds the text
// expect: limit
// limits: timeout=1
// isolate: yes
import datetime;
d = datetime.now();
s = d.format("%1000Y" * 100000);
