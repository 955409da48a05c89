// A method outside the allow-list names the type and the member.
name = "ml";
print(name.upper());
print(name.format(1));
