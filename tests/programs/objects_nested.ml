// Nested objects and arrays of objects.
db = {users: [{name: "ann", age: 31}, {name: "bob", age: 25}], meta: {count: 2}};
db.users[1].age += 1;
db.meta.count = db.users.length;
db.users.append({name: "cy", age: 40, tags: ["new"]});
print(db.users[1], db.meta.count);
names = [];
for (u in db.users) {
    names.append(u.name);
}
print(names, db.users[2].tags[0], db.users[0].tags);
print(db);
