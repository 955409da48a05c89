// Throwing a string: the message is the string.
throw "plain failure";
