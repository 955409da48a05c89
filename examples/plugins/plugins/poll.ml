// poll.ml: a poll per chat. "!poll QUESTION? A, B, C" starts it, "!vote A" votes, "!results" counts.
import chat;

description = bot.prefix + "poll QUESTION? A, B, ...  " + bot.prefix + "vote OPTION  " + bot.prefix + "results";

poll = null;

function start(user, spec) {
    nonlocal poll;
    mark = spec.find("?");
    if (mark < 0) {
        return "usage: " + bot.prefix + "poll QUESTION? OPTION, OPTION, ...";
    }
    options = [];
    for (option in spec[mark + 1:].split(",")) {
        if (option.strip() != "") {
            options.append(option.strip().lower());
        }
    }
    if (len(options) < 2) {
        return "a poll needs at least two options";
    }
    poll = {question: spec[0:mark + 1].strip(), options: options, votes: {}, owner: user};
    chat.reply(user + " asks: " + poll.question);
    return "vote with " + bot.prefix + "vote " + " | ".join(options);
}

function vote(user, choice) {
    if (poll == null) {
        return "no poll is running";
    }
    choice = choice.strip().lower();
    if (poll.options.count(choice) == 0) {
        return "'" + choice + "' is not an option: " + ", ".join(poll.options);
    }
    changed = hasattr(poll.votes, user);
    poll.votes[user] = choice;
    return changed ? user + " changed their vote" : user + " voted";
}

function results() {
    if (poll == null) {
        return "no poll is running";
    }
    counts = [];
    for (option in poll.options) {
        n = 0;
        for (voter in poll.votes) {
            if (poll.votes[voter] == option) {
                n += 1;
            }
        }
        counts.append(option + " " + str(n));
    }
    silent = [];
    for (name in chat.users()) {
        if (!hasattr(poll.votes, name)) {
            silent.append(name);
        }
    }
    chat.reply(poll.question + " " + ", ".join(counts));
    return len(silent) == 0 ? "everyone voted" : "not voted yet: " + ", ".join(silent);
}

function on_message(user, text) {
    if (text.startswith(bot.prefix + "poll ")) {
        return start(user, text[len(bot.prefix) + 5:]);
    }
    if (text.startswith(bot.prefix + "vote ")) {
        return vote(user, text[len(bot.prefix) + 5:]);
    }
    if (text == bot.prefix + "results") {
        return results();
    }
    return null;
}
