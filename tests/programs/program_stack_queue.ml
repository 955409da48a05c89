// Arrays as a stack and a queue.
stack = [];
stack.append(1);
stack.append(2);
stack.append(3);
print(stack.pop(), stack.pop(), stack);
queue = ["a", "b", "c"];
first = queue.pop(0);
queue.append("d");
print(first, queue, queue.length);
