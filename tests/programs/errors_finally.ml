// finally runs on return, on error, and on normal completion.
function f() {
    try {
        return "from try";
    } finally {
        print("finally runs");
    }
}
print(f());
try {
    try {
        throw "inner";
    } finally {
        print("inner finally");
    }
} except (e) {
    print("outer caught", e.message);
}
try {
    print("no error");
} finally {
    print("done");
}
