// calc.ml: "!calc EXPR" evaluates + - * / and parentheses with a recursive-descent parser.
description = bot.prefix + "calc EXPR: arithmetic with + - * / and parentheses";

function tokenize(text) {
    tokens = [];
    i = 0;
    while (i < len(text)) {
        ch = text[i];
        if (ch.isspace()) {
            i += 1;
        } elif (ch.isdigit()) {
            start = i;
            while (i < len(text) && (text[i].isdigit() || text[i] == ".")) {
                i += 1;
            }
            number = text[start:i];
            tokens.append(number.find(".") >= 0 ? float(number) : int(number));
        } elif ("+-*/()".find(ch) >= 0) {
            tokens.append(ch);
            i += 1;
        } else {
            throw {message: "unexpected '" + ch + "' at column " + str(i + 1)};
        }
    }
    return tokens;
}

function evaluate(text) {
    tokens = tokenize(text);
    pos = 0;
    function peek() {
        return pos < len(tokens) ? tokens[pos] : null;
    }
    function take() {
        nonlocal pos;
        pos += 1;
        return tokens[pos - 1];
    }
    function sum() {
        value = product();
        while (peek() == "+" || peek() == "-") {
            op = take();
            right = product();
            value = op == "+" ? value + right : value - right;
        }
        return value;
    }
    function product() {
        value = factor();
        while (peek() == "*" || peek() == "/") {
            op = take();
            right = factor();
            if (op == "/" && right == 0) {
                throw {message: "division by zero"};
            }
            value = op == "*" ? value * right : value / right;
        }
        return value;
    }
    function factor() {
        token = peek();
        if (token == null) {
            throw {message: "the expression ends too early"};
        }
        take();
        if (token == "-") {
            return -factor();
        }
        if (token == "(") {
            value = sum();
            if (peek() != ")") {
                throw {message: "missing ')'"};
            }
            take();
            return value;
        }
        if (typeof(token) == "number") {
            return token;
        }
        throw {message: "unexpected '" + token + "'"};
    }
    value = sum();
    if (peek() != null) {
        throw {message: "unexpected '" + str(peek()) + "' after the expression"};
    }
    return value;
}

function on_message(user, text) {
    command = bot.prefix + "calc ";
    if (!text.startswith(command)) {
        return null;
    }
    expression = text[len(command):];
    try {
        return expression.strip() + " = " + str(evaluate(expression));
    } except (e) {
        return "cannot calculate '" + expression.strip() + "': " + e.message;
    }
}
