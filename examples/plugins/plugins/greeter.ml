// greeter.ml: greets people who say hello, and remembers how often they came back.
import chat;

description = "answers hello and hi, and remembers visitors";

function on_message(user, text) {
    words = text.lower().split(" ");
    if (!(words[0] == "hello" || words[0] == "hi")) {
        return null;
    }
    key = "visits:" + user;
    visits = chat.recall(key, 0) + 1;
    chat.remember(key, visits);
    if (visits == 1) {
        return "Hello " + user + ", I am " + bot.name + ". Try " + bot.prefix + "help.";
    }
    return "Welcome back, " + user + " (visit " + str(visits) + ").";
}
