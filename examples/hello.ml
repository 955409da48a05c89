// The first ML program: functions, arrays, objects and string building.
function greet(name) {
    return "Hello, " + name + "!";
}

languages = ["ML", "Python"];
for (lang in languages) {
    print(greet(lang));
}

point = {x: 3, y: 4};
print("distance^2 =", point.x ** 2 + point.y ** 2);
