// attack: shadow the catch helper so security errors become catchable
// must: compile error
// expect: denied SyntaxError
function __ml_catch(e) { return {message: "caught"}; }
print("PWNED");
