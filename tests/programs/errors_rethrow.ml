// throw e; rethrows a caught error unchanged.
try {
    try {
        throw {message: "orig", code: 7};
    } except (e) {
        print("inner", e.message);
        throw e;
    }
} except (e2) {
    print("outer", e2.message, e2.code, e2.type, e2.line);
}
try {
    try {
        x = 1 / 0;
    } except (e: ZeroDivisionError) {
        throw e;
    }
} except (e) {
    print(e.type, e.message);
}
