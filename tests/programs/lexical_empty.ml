// A program with only comments prints nothing.
/* nothing
   at all */
