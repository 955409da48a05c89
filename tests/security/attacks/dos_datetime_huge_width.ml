// attack: one datetime directive with an enormous field width
// must: LimitError naming the width bound
// expect: limit
// limits: timeout=1
import datetime;
s = datetime.now().format("%99999999Y");
