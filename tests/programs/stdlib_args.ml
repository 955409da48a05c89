// args: alpha beta
// Program arguments reach the args module.
import args;
print(args.rest(), args.script());
print(len(args.all()));
