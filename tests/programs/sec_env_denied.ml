// Reading the environment needs a grant.
import env;
try {
    home = env.get("HOME");
} except {
    print("caught");
}
