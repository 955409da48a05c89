// Identifiers beginning with __ are rejected.
ok = 1;
__secret = 2;
