// An operator without its right operand.
x = 1 +;
