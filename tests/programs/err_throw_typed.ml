// An uncaught thrown object with its own type.
print("loading");
throw {type: "ConfigError", message: "missing key 'port'"};
