// attack: strftime turns each 2-character "%c" into 24 characters: a 80 MB pattern -> ~1 GB
// must: a limit error before strftime builds the string
// expect: limit
// isolate: yes
import datetime;
pattern = "%c" * 40000000;
text = datetime.now().format(pattern);
print("PWNED", text.length);
